package io.selvedge.settlement;

import io.selvedge.settlement.domain.JournalEntry;
import io.selvedge.settlement.jdbc.JdbcAdjustments;
import io.selvedge.settlement.domain.Settlement;
import io.selvedge.shared.Money;
import java.time.Instant;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The settlement as API.md answers it: money as decimal strings with the currency on the object. */
final class SettlementDocument {

    private SettlementDocument() {
    }

    static Map<String, Object> of(Settlement s, List<JournalEntry> journal, List<JdbcAdjustments.Stored> adjustments, Instant closedAt,
                                  String closedBy) {
        Currency c = s.currency();
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("store", s.store());
        doc.put("businessDay", s.businessDay().toString());
        doc.put("currency", c.getCurrencyCode());
        doc.put("status", "CLOSED");
        doc.put("closedAt", closedAt.toString());
        doc.put("closedBy", closedBy);
        doc.put("transactionCount", ordered("sales", s.salesCount(), "voids", s.voidsCount(), "returns", s.returns().count(),
                "exchanges", s.exchanges().count(), "total", transactions(s)));
        doc.put("grossSales", money(s.grossSales(), c));
        doc.put("discounts", money(s.discounts(), c));
        doc.put("voids", ordered("count", s.voids().count(), "gross", money(s.voids().gross(), c),
                "discounts", money(s.voids().discounts(), c), "tax", money(s.voids().tax(), c), "total", money(s.voids().total(), c)));
        Settlement.Returns r = s.returns();
        doc.put("returns", ordered("count", r.count(), "voided", r.voided(), "net", money(r.net(), c), "tax", money(r.tax(), c),
                "total", money(r.total(), c)));
        Settlement.Exchanges x = s.exchanges();
        doc.put("exchanges", ordered("count", x.count(), "voided", x.voided(), "returned", money(x.returned(), c),
                "sold", money(x.sold(), c), "net", money(x.net(), c), "tax", money(x.tax(), c), "total", money(x.total(), c)));
        doc.put("refunds", tenders(s.refunds(), c));
        doc.put("netSales", money(s.netSales(), c));
        doc.put("taxCollected", money(s.taxCollected(), c));
        doc.put("total", money(s.total(), c));
        doc.put("employeeSales", ordered("count", s.employeeSales().count(), "gross", money(s.employeeSales().gross(), c),
                "discounts", money(s.employeeSales().discounts(), c), "total", money(s.employeeSales().total(), c)));
        doc.put("tenders", tenders(s.tenders(), c));
        doc.put("drawers", s.drawers().stream().map(d -> ordered("register", d.register(), "expected", money(d.expected(), c),
                "counted", money(d.counted(), c), "overShort", money(d.overShort(), c))).toList());
        doc.put("cashOverShort", money(s.cashOverShort(), c));
        doc.put("lateTransactions", s.lateTransactions().stream().map(l -> ordered("transactionId", l.transactionId(),
                "businessDay", l.businessDay().toString(), "type", l.kind().name(), "register", l.register(),
                "total", money(l.total(), c))).toList());
        doc.put("adjustments", ordered("count", s.adjustments().count(), "netSales", money(s.adjustments().netSales(), c),
                "tax", money(s.adjustments().tax(), c), "total", money(s.adjustments().total(), c),
                "tenders", tenders(s.adjustments().tenders(), c)));
        // card fees and other adjusting entries that waited for this close, each naming the day it adjusts
        doc.put("adjustingEntries", adjustments.stream().map(a -> ordered("adjustmentId", a.adjustmentId(), "kind", a.kind(),
                "adjustsDay", a.businessDay().toString(), "tender", a.tender(), "amount", money(a.amountMinor(), c), "memo", a.memo())).toList());
        long debit = journal.stream().mapToLong(JournalEntry::totalDebit).reduce(0, Math::addExact);
        long credit = journal.stream().mapToLong(JournalEntry::totalCredit).reduce(0, Math::addExact);
        doc.put("journal", ordered("entries", journal.size(), "totalDebit", money(debit, c), "totalCredit", money(credit, c),
                "href", "/api/v1/stores/" + s.store() + "/days/" + s.businessDay() + "/journal"));
        return doc;
    }

    /** The {@code settlement.closed} event: totals only, nothing about customers. */
    static Map<String, Object> event(Settlement s, List<JournalEntry> journal, Instant closedAt) {
        Currency c = s.currency();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("store", s.store());
        data.put("businessDay", s.businessDay().toString());
        data.put("currency", c.getCurrencyCode());
        data.put("closedAt", closedAt.toString());
        data.put("transactionCount", transactions(s));
        data.put("netSales", money(s.netSales(), c));
        data.put("taxCollected", money(s.taxCollected(), c));
        data.put("total", money(s.total(), c));
        data.put("tenders", tenders(s.tenders(), c));
        data.put("cashOverShort", money(s.cashOverShort(), c));
        data.put("lateTransactions", s.lateTransactions().size());
        data.put("journalEntries", journal.size());
        return data;
    }

    private static int transactions(Settlement s) {
        return s.salesCount() + s.voidsCount() + s.returns().count() + s.exchanges().count();
    }

    private static List<Map<String, Object>> tenders(List<Settlement.TenderTotal> tenders, Currency c) {
        return tenders.stream().map(t -> ordered("type", t.tender().type(), "brand", t.tender().brand(), "count", t.count(),
                "amount", money(t.amount(), c))).toList();
    }

    static String money(long minor, Currency currency) {
        return new Money(minor, currency).toDecimalString();
    }

    /** A JSON object in the order given (Map.of has none, and refuses nulls). */
    static Map<String, Object> ordered(Object... keyValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put((String) keyValues[i], keyValues[i + 1]);
        }
        return map;
    }
}
