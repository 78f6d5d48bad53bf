package io.selvedge.reconciliation;

import io.selvedge.reconciliation.adyen.AdyenSettlementDetails;
import io.selvedge.reconciliation.domain.Amounts;
import io.selvedge.reconciliation.domain.LineCategory;
import io.selvedge.reconciliation.domain.Malformed;
import io.selvedge.reconciliation.domain.Parsed;
import io.selvedge.reconciliation.domain.ProcessorFees;
import io.selvedge.reconciliation.domain.ProcessorLine;
import io.selvedge.reconciliation.domain.ProcessorReport;
import io.selvedge.reconciliation.domain.TieOut;
import io.selvedge.reconciliation.jdbc.JdbcCardFees;
import io.selvedge.reconciliation.jdbc.JdbcFileImports;
import io.selvedge.reconciliation.jdbc.JdbcProcessorLines;
import io.selvedge.reconciliation.stripe.StripeBalanceTransactions;
import io.selvedge.sales.ReceivedTenders;
import io.selvedge.settlement.AdjustingEntries;
import io.selvedge.settlement.AdjustmentOutcome;
import io.selvedge.settlement.PostAdjustment;
import io.selvedge.shared.Hashing;
import io.selvedge.shared.Money;
import io.selvedge.shared.WriteResult;
import io.selvedge.shared.WriteTransactions;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

/**
 * Imports a card processor's settlement file: an Adyen settlement details report (CSV) or Stripe balance
 * transactions (JSON), told apart by an explicit {@code format}, then by content, then by content type. The file is
 * read whole before anything is written and refused whole if any line is malformed; importing the same bytes again
 * answers the first import's result (200, replay). A line already recorded from another file (same processor, batch,
 * type and references) is skipped and counted, so overlapping exports never double a payment.
 */
@Service
public class ProcessorReports {

    static final String KIND = "PROCESSOR";
    private static final Logger log = LoggerFactory.getLogger(ProcessorReports.class);

    private final JdbcFileImports imports;
    private final JdbcProcessorLines lines;
    private final JdbcCardFees cardFees;
    private final ReceivedTenders tenders;
    private final AdjustingEntries adjustingEntries;
    private final WriteTransactions writes;
    private final JsonMapper json;
    private final Clock clock;

    public ProcessorReports(JdbcFileImports imports, JdbcProcessorLines lines, JdbcCardFees cardFees, ReceivedTenders tenders,
                            AdjustingEntries adjustingEntries, WriteTransactions writes, JsonMapper json, Clock clock) {
        this.imports = imports;
        this.lines = lines;
        this.cardFees = cardFees;
        this.tenders = tenders;
        this.adjustingEntries = adjustingEntries;
        this.writes = writes;
        this.json = json;
        this.clock = clock;
    }

    public WriteResult receive(ReceivedFile file) {
        String sha256 = file.sha256();
        var replay = FileImports.replay(imports, KIND, sha256);
        if (replay.isPresent()) {
            return replay.get();
        }
        String format = format(file);
        Parsed<ProcessorReport> parsed = ProcessorReport.ADYEN.equals(format) ? AdyenSettlementDetails.parse(file.content())
                : StripeBalanceTransactions.parse(file.content());
        ProcessorReport report = FileImports.accepted(parsed, format);
        WriteResult result = FileImports.write(writes, () -> store(file, sha256, report));
        if (!result.replay()) {
            log.info("event=reconciliation.processor_report format={} sha256={} lines={}", format, sha256.substring(0, 12), report.lines().size());
        }
        return result;
    }

    /** The lines a processor import recorded, in file order; empty when there is no such import. */
    public java.util.Optional<List<ProcessorLine>> lines(String importId) {
        return imports.find(importId).filter(found -> KIND.equals(found.kind()))
                .map(found -> lines.ofImport(importId).stream().map(io.selvedge.reconciliation.domain.TieOut.Line::line).toList());
    }

    private WriteResult store(ReceivedFile file, String sha256, ProcessorReport report) {
        var replay = FileImports.replay(imports, KIND, sha256);
        if (replay.isPresent()) {
            return replay.get();
        }
        List<String> keys = report.lines().stream().map(l -> FileImports.lineKey(l.naturalKey())).toList();
        Set<String> existing = lines.existingKeys(keys);
        List<ProcessorLine> fresh = new ArrayList<>();
        List<String> freshKeys = new ArrayList<>();
        Set<String> taken = new HashSet<>(existing);
        for (int i = 0; i < keys.size(); i++) {
            if (taken.add(keys.get(i))) {
                fresh.add(report.lines().get(i));
                freshKeys.add(keys.get(i));
            }
        }
        String importId = FileImports.importId("PR-", sha256);
        Instant now = clock.instant();
        List<ProcessorFees.KeyedLine> keyed = new ArrayList<>(keys.size());
        for (int i = 0; i < keys.size(); i++) {
            keyed.add(new ProcessorFees.KeyedLine(keys.get(i), report.lines().get(i)));
        }
        FeePostings fees = postFees(importId, report, keyed, file.receivedFrom());
        List<String> warnings = new ArrayList<>(report.warnings());
        warnings.addAll(fees.warnings());
        String response = json.writeValueAsString(summary(importId, sha256, now, report, fresh.size(), fees.views(), warnings));
        imports.insert(new JdbcFileImports.Imported(importId, KIND, report.format(), sha256, file.content().length, report.lines().size(), now,
                file.receivedFrom(), response));
        lines.insert(importId, fresh, freshKeys);
        cardFees.insert(fees.posted());
        return WriteResult.first(201, response);
    }

    private record FeePostings(List<Map<String, Object>> views, List<JdbcCardFees.Posted> posted, List<String> warnings) {
    }

    /**
     * Posts the card fees of the file's lines that store card tenders carry by reference, one adjusting entry per store,
     * day and brand, in this import's transaction. A line whose fees already posted (an overlapping file) is skipped, so
     * fees post once whatever files repeat them; a line no tender carries yet posts when a later file repeats it.
     */
    private FeePostings postFees(String importId, ProcessorReport report, List<ProcessorFees.KeyedLine> keyed, String receivedFrom) {
        Set<String> references = new LinkedHashSet<>();
        List<ProcessorFees.KeyedLine> charged = keyed.stream()
                .filter(k -> k.line().category().isTransaction() && k.line().fees() != 0 && !k.line().references().isEmpty()).toList();
        if (charged.isEmpty()) {
            return new FeePostings(List.of(), List.of(), List.of());
        }
        Set<String> done = cardFees.posted(charged.stream().map(ProcessorFees.KeyedLine::lineKey).toList());
        List<ProcessorFees.KeyedLine> open = charged.stream().filter(k -> !done.contains(k.lineKey())).toList();
        open.forEach(k -> references.addAll(k.line().references()));
        List<TieOut.Tender> storeTenders = references.isEmpty() ? List.of()
                : tenders.withReferences(references).stream().map(Reconciliations::tender).toList();
        ProcessorFees.Result result = ProcessorFees.group(open, storeTenders);
        List<Map<String, Object>> views = new ArrayList<>();
        List<JdbcCardFees.Posted> posted = new ArrayList<>();
        List<String> warnings = new ArrayList<>(result.warnings());
        for (ProcessorFees.Group group : result.groups()) {
            String tender = group.brand() == null ? "CARD" : "CARD-" + group.brand();
            String adjustmentId = "CF-" + Hashing.sha256Hex(importId + "|" + group.store() + "|" + group.businessDay() + "|" + tender)
                    .substring(0, 40);
            String memo = "card fees " + report.format().split("_")[0] + (group.batches().isEmpty() ? "" : " batch "
                    + String.join(" ", new TreeSet<>(group.batches()))) + ", " + group.fees().size() + " payment" + (group.fees().size() == 1 ? "" : "s")
                    + " (" + importId + ")";
            AdjustmentOutcome outcome = adjustingEntries.post(new PostAdjustment(adjustmentId, PostAdjustment.Kind.CARD_FEES, group.store(),
                    group.businessDay(), group.brand(), new Money(group.feesMinor(), group.currency()), memo, receivedFrom));
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("store", group.store());
            view.put("businessDay", group.businessDay().toString());
            view.put("tender", tender);
            view.put("payments", group.fees().size());
            view.put("fees", new Money(group.feesMinor(), group.currency()).toDecimalString());
            view.put("currency", group.currency().getCurrencyCode());
            view.put("adjustmentId", adjustmentId);
            if (outcome instanceof AdjustmentOutcome.Posted p) {
                view.put("status", "POSTED");
                view.put("entryId", p.entryId());
                view.put("postedOn", p.postedOn().toString());
            } else if (outcome instanceof AdjustmentOutcome.Pending p) {
                view.put("status", "PENDING");
                view.put("reason", p.reason());
            } else if (outcome instanceof AdjustmentOutcome.Refused r) {
                view.put("status", "REFUSED");
                view.put("reason", r.reason());
                warnings.add("card fees of " + group.store() + " " + group.businessDay() + " " + tender + " were not posted: " + r.reason());
            }
            if (!(outcome instanceof AdjustmentOutcome.Refused)) {
                for (ProcessorFees.Fee fee : group.fees()) {
                    posted.add(new JdbcCardFees.Posted(fee.lineKey(), importId, group.store(), group.businessDay(), tender, fee.orderRef(),
                            fee.feesMinor(), group.currency().getCurrencyCode(), adjustmentId));
                }
            }
            views.add(view);
        }
        return new FeePostings(views, posted, warnings);
    }

    /** The format the caller named, else what the content looks like, else what its content type says. */
    private static String format(ReceivedFile file) {
        if (file.format() != null && !file.format().isBlank()) {
            return switch (file.format().trim().toLowerCase(Locale.ROOT)) {
                case "adyen" -> ProcessorReport.ADYEN;
                case "stripe" -> ProcessorReport.STRIPE;
                default -> throw io.selvedge.shared.ProblemException.invalid("format", "must be adyen or stripe");
            };
        }
        String text;
        try {
            text = Amounts.utf8(file.content());
        } catch (Malformed e) {
            text = "";
        }
        if (AdyenSettlementDetails.looksLike(text)) {
            return ProcessorReport.ADYEN;
        }
        if (StripeBalanceTransactions.looksLike(text)) {
            return ProcessorReport.STRIPE;
        }
        String type = file.mediaType();
        if (type.equals("text/csv") || type.equals("application/csv")) {
            return ProcessorReport.ADYEN;
        }
        if (type.equals("application/json")) {
            return ProcessorReport.STRIPE;
        }
        throw FileImports.unrecognised("Not a processor settlement file this hub reads: send an Adyen settlement details report (text/csv)"
                + " or Stripe balance transactions (application/json), or name it with ?format=adyen|stripe");
    }

    private static Map<String, Object> summary(String importId, String sha256, Instant at, ProcessorReport report, int recorded,
                                               List<Map<String, Object>> cardFees, List<String> warnings) {
        Map<String, Integer> types = new TreeMap<>();
        record BatchKey(String processor, String merchantAccount, String batch, String currency) {
        }
        Map<BatchKey, List<ProcessorLine>> batches = new LinkedHashMap<>();
        for (ProcessorLine line : report.lines()) {
            types.merge(line.type(), 1, Integer::sum);
            String batch = line.category() == LineCategory.PAYOUT && ProcessorReport.STRIPE.equals(report.format()) ? null : line.batch();
            batches.computeIfAbsent(new BatchKey(line.processor(), line.merchantAccount(), batch, line.net().currency().getCurrencyCode()),
                    k -> new ArrayList<>()).add(line);
        }
        List<Map<String, Object>> batchViews = new ArrayList<>();
        batches.forEach((key, batchLines) -> {
            java.util.Currency currency = java.util.Currency.getInstance(key.currency());
            long gross = 0;
            long fees = 0;
            long net = 0;
            List<Map<String, Object>> payouts = new ArrayList<>();
            for (ProcessorLine line : batchLines) {
                fees += line.fees();
                if (line.category().isTransaction() && line.grossOrNet().currency().equals(currency)) {
                    gross += line.grossOrNet().minor();
                }
                if (line.category() == LineCategory.PAYOUT) {
                    Map<String, Object> payout = new LinkedHashMap<>();
                    payout.put("reference", line.payoutReference());
                    payout.put("amount", line.payoutAmount().toDecimalString());
                    payout.put("date", line.payoutDate() == null ? null : line.payoutDate().toString());
                    payouts.add(payout);
                } else if (line.category() != LineCategory.BALANCE_TRANSFER) {
                    net += line.net().minor();
                }
            }
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("processor", key.processor());
            view.put("merchantAccount", key.merchantAccount());
            view.put("batch", key.batch());
            view.put("currency", key.currency());
            view.put("lines", batchLines.size());
            view.put("gross", new Money(gross, currency).toDecimalString());
            view.put("fees", new Money(fees, currency).toDecimalString());
            view.put("net", new Money(net, currency).toDecimalString());
            view.put("payouts", payouts);
            batchViews.add(view);
        });
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("importId", importId);
        body.put("format", report.format());
        body.put("sha256", sha256);
        body.put("receivedAt", at.toString());
        body.put("lines", report.lines().size());
        body.put("recorded", recorded);
        body.put("alreadyRecorded", report.lines().size() - recorded);
        body.put("types", types);
        body.put("batches", batchViews);
        body.put("cardFees", cardFees);
        body.put("warnings", warnings);
        return body;
    }
}
