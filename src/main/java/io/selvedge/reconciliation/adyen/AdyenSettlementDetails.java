package io.selvedge.reconciliation.adyen;

import io.selvedge.reconciliation.domain.Amounts;
import io.selvedge.reconciliation.domain.LineCategory;
import io.selvedge.reconciliation.domain.Malformed;
import io.selvedge.reconciliation.domain.Parsed;
import io.selvedge.reconciliation.domain.ProcessorLine;
import io.selvedge.reconciliation.domain.ProcessorReport;
import io.selvedge.shared.Money;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Adyen's "Settlement details report" CSV (one file per settlement batch). Columns are found by their header name,
 * since their order differs between accounts (Batch Number is column 22 in one, 23 in another); rows may be short
 * (no trailing commas) and blank lines are skipped.
 *
 * <p>Refused, with the line: a missing required column, a row wider than the header, a line without a type, batch,
 * net amount or (for payments, refunds and chargebacks) gross amount, an amount or date that does not parse, and a
 * line whose net is not its gross minus its fees (Adyen's own identity; a truncated row breaks it). Warned: a batch
 * whose net credits and debits do not come to zero after its payout or balance transfer.
 */
public final class AdyenSettlementDetails {

    public static final String PROCESSOR = "ADYEN";

    private static final List<String> REQUIRED = List.of("Merchant Account", "Creation Date", "TimeZone", "Type", "Net Currency",
            "Net Debit (NC)", "Net Credit (NC)", "Batch Number");
    private static final List<String> FEE_COLUMNS = List.of("Commission (NC)", "Markup (NC)", "Scheme Fees (NC)", "Interchange (NC)");
    private static final List<String> LAST4_COLUMNS = List.of("Card Last 4 Digits", "Last4", "Card Number");
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final Pattern PAYOUT_REFERENCE = Pattern.compile("^\\s*([A-Za-z0-9]{6,})");

    private AdyenSettlementDetails() {
    }

    /** True when the text's first non-blank line is an Adyen settlement details header. */
    public static boolean looksLike(String text) {
        for (String line : text.split("\n", 20)) {
            if (!line.isBlank()) {
                return line.contains("Psp Reference") && line.contains("Net Credit (NC)");
            }
        }
        return false;
    }

    public static Parsed<ProcessorReport> parse(byte[] content) {
        return Parsed.of(() -> read(Amounts.utf8(content)));
    }

    private static ProcessorReport read(String text) {
        List<CsvRecords.Row> rows = CsvRecords.read(text).stream().filter(r -> !r.isBlank()).toList();
        if (rows.isEmpty()) {
            throw new Malformed("line 1", "the file is empty: an Adyen settlement details report starts with its header row");
        }
        CsvRecords.Row header = rows.get(0);
        Map<String, Integer> columns = new HashMap<>();
        for (int i = 0; i < header.fields().size(); i++) {
            columns.putIfAbsent(header.fields().get(i).trim(), i);
        }
        for (String required : REQUIRED) {
            if (!columns.containsKey(required)) {
                throw new Malformed("line " + header.line(), "the header has no '" + required + "' column: not an Adyen settlement details report");
            }
        }
        List<ProcessorLine> lines = new ArrayList<>();
        Map<String, Integer> occurrences = new HashMap<>();
        for (CsvRecords.Row row : rows.subList(1, rows.size())) {
            lines.add(line(row, header.fields().size(), columns, occurrences));
        }
        if (lines.isEmpty()) {
            throw new Malformed("line " + (header.line() + 1), "the report has a header but no lines: the file is truncated");
        }
        return new ProcessorReport(ProcessorReport.ADYEN, lines, batchBalances(lines));
    }

    private static ProcessorLine line(CsvRecords.Row row, int width, Map<String, Integer> columns, Map<String, Integer> occurrences) {
        String at = "line " + row.line();
        List<String> fields = row.fields();
        if (fields.size() > width) {
            for (int i = width; i < fields.size(); i++) {
                if (!fields.get(i).isBlank()) {
                    throw new Malformed(at, "the row has " + fields.size() + " fields but the header has " + width
                            + ": an unquoted comma, or a line from another file");
                }
            }
        }
        Cells cells = new Cells(fields, columns, at);
        String type = cells.required("Type");
        LineCategory category = category(type);
        String merchantAccount = cells.required("Merchant Account");
        String batch = cells.required("Batch Number");
        if (!batch.matches("\\d{1,18}")) {
            throw new Malformed(at, "Batch Number '" + batch + "' is not a batch number");
        }
        ZoneId zone = zone(cells.required("TimeZone"), at);
        ZonedDateTime created = dateTime(cells.required("Creation Date"), zone, at, "Creation Date");
        Instant createdAt = created.toInstant();

        Currency netCurrency = Amounts.currency(cells.required("Net Currency"), at, "Net Currency");
        Money net = signed(cells, "Net Credit (NC)", "Net Debit (NC)", netCurrency, at);
        if (net == null) {
            throw new Malformed(at, "neither Net Debit (NC) nor Net Credit (NC) has an amount");
        }
        Money gross = null;
        String grossCurrencyCode = cells.optional("Gross Currency");
        if (grossCurrencyCode != null) {
            gross = signed(cells, "Gross Credit (GC)", "Gross Debit (GC)", Amounts.currency(grossCurrencyCode, at, "Gross Currency"), at);
        }
        if (gross == null && (category == LineCategory.SETTLED || category == LineCategory.REFUND || category == LineCategory.CHARGEBACK)) {
            throw new Malformed(at, "a " + type + " line needs a gross amount (Gross Currency and Gross Debit (GC) or Gross Credit (GC))");
        }
        Long[] fees = new Long[FEE_COLUMNS.size()];
        long feeTotal = 0;
        for (int i = 0; i < FEE_COLUMNS.size(); i++) {
            String value = cells.optional(FEE_COLUMNS.get(i));
            if (value != null) {
                fees[i] = Amounts.decimal(value, netCurrency, at, FEE_COLUMNS.get(i)).minor();
                feeTotal = Math.addExact(feeTotal, fees[i]);
            }
        }
        if (gross != null && gross.currency().equals(netCurrency) && gross.minor() - feeTotal != net.minor()) {
            throw new Malformed(at, "net " + net.toDecimalString() + " is not gross " + gross.toDecimalString() + " minus fees "
                    + new Money(feeTotal, netCurrency).toDecimalString() + ": the row is truncated or altered");
        }
        if (category == LineCategory.FEE && gross == null) {
            // a fee line's net is itself the cost
            feeTotal = -net.minor();
        }
        String psp = cells.optional("Psp Reference");
        String merchantRef = cells.optional("Merchant Reference");
        String modification = cells.optional("Modification Reference");
        String payoutReference = null;
        LocalDate payoutDate = null;
        if (category == LineCategory.PAYOUT) {
            Matcher m = PAYOUT_REFERENCE.matcher(modification == null ? "" : modification);
            payoutReference = m.find() ? m.group(1) : modification;
            String booking = cells.optional("Booking Date");
            String bookingZone = cells.optional("Booking Date TimeZone");
            payoutDate = booking == null ? created.toLocalDate()
                    : dateTime(booking, bookingZone == null ? zone : zone(bookingZone, at), at, "Booking Date").toLocalDate();
        }
        String key = String.join("|", PROCESSOR, merchantAccount, batch, type, nz(psp), nz(modification), nz(merchantRef));
        int seen = occurrences.merge(key, 1, Integer::sum);
        return new ProcessorLine(PROCESSOR, row.line(), at, key + "|" + seen, merchantAccount, batch, type, category, psp, merchantRef,
                modification, cells.optional("Payment Method"), createdAt, created.toLocalDate(), gross, net, fees[0], fees[1], fees[2],
                fees[3], feeTotal, payoutReference, payoutDate, last4(cells));
    }

    /** Adyen's journal types; new ones are kept as OTHER rather than refused. */
    static LineCategory category(String type) {
        String t = type.toLowerCase(Locale.ROOT);
        return switch (t) {
            case "settled", "settledbulk", "settledexternallywithinfo", "settledinstallment" -> LineCategory.SETTLED;
            case "refunded", "refundedbulk", "refundedexternallywithinfo", "refundedinstallment" -> LineCategory.REFUND;
            case "refundedreversed", "refundreversed" -> LineCategory.REFUND_REVERSAL;
            case "chargeback", "secondchargeback", "chargebackexternallywithinfo" -> LineCategory.CHARGEBACK;
            case "chargebackreversed", "chargebackreversedexternallywithinfo" -> LineCategory.CHARGEBACK_REVERSAL;
            case "fee", "invoicededuction", "misccosts", "paidout" -> LineCategory.FEE;
            case "merchantpayout" -> LineCategory.PAYOUT;
            case "balancetransfer" -> LineCategory.BALANCE_TRANSFER;
            default -> LineCategory.OTHER;
        };
    }

    private static Money signed(Cells cells, String creditColumn, String debitColumn, Currency currency, String at) {
        String credit = cells.optional(creditColumn);
        String debit = cells.optional(debitColumn);
        Money c = credit == null ? null : Amounts.decimal(credit, currency, at, creditColumn);
        Money d = debit == null ? null : Amounts.decimal(debit, currency, at, debitColumn);
        if (c != null && d != null && !c.isZero() && !d.isZero()) {
            throw new Malformed(at, "both " + creditColumn + " and " + debitColumn + " have an amount");
        }
        if (c == null && d == null) {
            return null;
        }
        return c != null && !c.isZero() ? c : d != null ? d.negate() : c;
    }

    private static String last4(Cells cells) {
        for (String column : LAST4_COLUMNS) {
            String value = cells.optional(column);
            if (value != null) {
                String digits = value.replaceAll("\\D", "");
                // never more than the last four digits are kept, whatever the column holds
                return digits.length() >= 4 ? digits.substring(digits.length() - 4) : null;
            }
        }
        return null;
    }

    private static ZoneId zone(String id, String at) {
        try {
            return ZoneId.of(id, ZoneId.SHORT_IDS);
        } catch (DateTimeException e) {
            throw new Malformed(at, "TimeZone '" + id + "' is not a time zone");
        }
    }

    /** Adyen writes local times of the account's time zone, named in the next column. */
    private static ZonedDateTime dateTime(String value, ZoneId zone, String at, String column) {
        try {
            return ZonedDateTime.parse(value.trim(), DATE_TIME.withZone(zone));
        } catch (DateTimeParseException e) {
            throw new Malformed(at, column + " '" + value + "' is not a date and time (yyyy-MM-dd HH:mm:ss)");
        }
    }

    /**
     * Per batch, net credits minus net debits come to zero once the batch is closed by its payout or by a balance
     * transfer to the next batch (Adyen's identity). A closed batch that does not is refused, naming its closing line:
     * a cut-off amount or a missing row. A batch without a closing line is still open: a warning.
     */
    private static List<String> batchBalances(List<ProcessorLine> lines) {
        Map<String, long[]> balance = new LinkedHashMap<>();
        Map<String, ProcessorLine> last = new HashMap<>();
        for (ProcessorLine line : lines) {
            String key = line.merchantAccount() + " batch " + line.batch() + " " + line.net().currency().getCurrencyCode();
            balance.computeIfAbsent(key, k -> new long[1])[0] += line.net().minor();
            last.put(key, line);
        }
        List<String> warnings = new ArrayList<>();
        balance.forEach((key, sum) -> {
            if (sum[0] == 0) {
                return;
            }
            ProcessorLine closing = last.get(key);
            String amount = new Money(sum[0], closing.net().currency()).toDecimalString();
            if (closing.category() == LineCategory.PAYOUT || closing.category() == LineCategory.BALANCE_TRANSFER) {
                throw new Malformed(closing.location(), key + " does not balance: after its " + closing.type()
                        + " line, net credits minus net debits come to " + amount + ", not 0.00 (an amount is cut off or a row is missing)");
            }
            warnings.add(key + ": net credits and debits come to " + amount + ", not 0.00, and no payout or balance transfer closes it yet");
        });
        return warnings;
    }

    private static String nz(String value) {
        return value == null ? "" : value;
    }

    /** A row's cells by column name; short rows read as blanks. */
    private record Cells(List<String> fields, Map<String, Integer> columns, String at) {

        String optional(String column) {
            Integer i = columns.get(column);
            if (i == null || i >= fields.size()) {
                return null;
            }
            String value = fields.get(i).trim();
            return value.isEmpty() ? null : value;
        }

        String required(String column) {
            String value = optional(column);
            if (value == null) {
                throw new Malformed(at, column + " is empty");
            }
            return value;
        }
    }
}
