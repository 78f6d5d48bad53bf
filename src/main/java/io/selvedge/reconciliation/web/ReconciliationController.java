package io.selvedge.reconciliation.web;

import io.selvedge.contract.Caller;
import io.selvedge.contract.Contract;
import io.selvedge.contract.ContractGuard;
import io.selvedge.reconciliation.BankStatements;
import io.selvedge.reconciliation.ProcessorReports;
import io.selvedge.reconciliation.ReceivedFile;
import io.selvedge.reconciliation.Reconciliations;
import io.selvedge.reconciliation.domain.BankEntry;
import io.selvedge.reconciliation.domain.ProcessorLine;
import io.selvedge.reconciliation.domain.TieOutReport;
import io.selvedge.shared.ErrorCode;
import io.selvedge.shared.Money;
import io.selvedge.shared.ProblemException;
import io.selvedge.shared.Violations;
import io.selvedge.shared.WriteResult;
import java.io.IOException;
import java.io.InputStream;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The tie-out over HTTP. Finance and ops import processor files and bank statements (the body is the file, as the
 * processor or bank delivered it) and read the tie-out; no other system may, since these files are the brand's
 * banking.
 */
@RestController
class ReconciliationController {

    private static final Set<String> ALLOWED = Set.of("finance", "ops");
    private static final int MAX_BYTES = 32 * 1024 * 1024;
    private static final int MAX_DAYS = 93;

    private final ProcessorReports processorReports;
    private final BankStatements bankStatements;
    private final Reconciliations reconciliations;
    private final ContractGuard guard;

    ReconciliationController(ProcessorReports processorReports, BankStatements bankStatements, Reconciliations reconciliations,
                             ContractGuard guard) {
        this.processorReports = processorReports;
        this.bankStatements = bankStatements;
        this.reconciliations = reconciliations;
        this.guard = guard;
    }

    @PostMapping("/api/v1/reconciliation/processor-reports")
    ResponseEntity<String> processorReport(Caller caller, InputStream body,
                                           @RequestHeader(value = "Content-Type", required = false) String contentType,
                                           @RequestParam(required = false) String format) throws IOException {
        require(caller, "reconciliation.processor-report");
        return respond(processorReports.receive(new ReceivedFile(read(body), contentType, format, caller.name())));
    }

    /** Each line a processor import recorded: gross, the itemised fees, net, batch, references, payout. */
    @GetMapping("/api/v1/reconciliation/processor-reports/{importId}/lines")
    Map<String, Object> processorLines(Caller caller, @PathVariable String importId) {
        require(caller, "reconciliation.read");
        List<ProcessorLine> lines = processorReports.lines(importId)
                .orElseThrow(() -> ProblemException.notFound("No processor report import '" + importId + "'"));
        return Map.of("importId", importId, "lines", lines.stream().map(ReconciliationController::line).toList());
    }

    @PostMapping("/api/v1/reconciliation/bank-statements")
    ResponseEntity<String> bankStatement(Caller caller, InputStream body,
                                         @RequestHeader(value = "Content-Type", required = false) String contentType,
                                         @RequestParam(required = false) String format) throws IOException {
        require(caller, "reconciliation.bank-statement");
        return respond(bankStatements.receive(new ReceivedFile(read(body), contentType, format, caller.name())));
    }

    @GetMapping("/api/v1/reconciliation")
    Map<String, Object> tieOut(Caller caller,
                               @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
                               @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
                               @RequestParam(required = false) String store) {
        require(caller, "reconciliation.read");
        Violations v = new Violations();
        v.required("from", from);
        v.required("to", to);
        if (from != null && to != null) {
            if (to.isBefore(from)) {
                v.add("to", "must not be before from");
            } else if (ChronoUnit.DAYS.between(from, to) >= MAX_DAYS) {
                v.add("to", "must be within " + MAX_DAYS + " days of from");
            }
        }
        if (store != null && guard.contract().location(store).filter(l -> l.type() == Contract.LocationType.STORE).isEmpty()) {
            v.add("store", "is not a store in the contract");
        }
        v.throwIfAny();
        return view(reconciliations.tieOut(from, to), store);
    }

    private static void require(Caller caller, String flow) {
        if (!ALLOWED.contains(caller.name())) {
            throw new ProblemException(ErrorCode.NOT_OWNER, "system '" + caller.name() + "' may not use " + flow
                    + ": only finance and ops import processor and bank files and read the tie-out", List.of(), Map.of("flow", flow));
        }
    }

    private static byte[] read(InputStream body) throws IOException {
        byte[] bytes = body.readNBytes(MAX_BYTES + 1);
        if (bytes.length > MAX_BYTES) {
            throw new ProblemException(ErrorCode.PAYLOAD_TOO_LARGE, "A file may be at most " + (MAX_BYTES / (1024 * 1024))
                    + " MB; split it by batch or by statement");
        }
        if (bytes.length == 0) {
            throw ProblemException.invalid("body", "is empty: send the file as the request body");
        }
        return bytes;
    }

    private static ResponseEntity<String> respond(WriteResult result) {
        var builder = ResponseEntity.status(result.status())
                .contentType(result.status() >= 400 ? MediaType.APPLICATION_PROBLEM_JSON : MediaType.APPLICATION_JSON);
        if (result.replay()) {
            builder.header("Idempotent-Replay", "true");
        }
        return builder.body(result.json());
    }

    // ---- the tie-out as JSON ------------------------------------------------------------------------------------

    private static Map<String, Object> view(TieOutReport report, String store) {
        List<Map<String, Object>> rows = new ArrayList<>();
        int tied = 0;
        for (TieOutReport.Row row : report.rows()) {
            if (store != null && !store.equals(row.store())) {
                continue;
            }
            tied += row.status() == TieOutReport.Status.TIED ? 1 : 0;
            rows.add(row(row));
        }
        List<Map<String, Object>> exceptions = new ArrayList<>();
        Map<String, Integer> byKind = new TreeMap<>();
        for (TieOutReport.Mismatch m : report.mismatches()) {
            if (store != null && m.store() != null && !store.equals(m.store())) {
                continue;
            }
            byKind.merge(m.kind().name(), 1, Integer::sum);
            exceptions.add(mismatch(m));
        }
        List<Map<String, Object>> payouts = report.payouts().stream().map(ReconciliationController::payout).toList();
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("rows", rows.size());
        summary.put("tied", tied);
        summary.put("open", rows.size() - tied);
        summary.put("payouts", payouts.size());
        summary.put("payoutsBanked", report.payouts().stream().filter(p -> p.credit() != null).count());
        summary.put("exceptions", exceptions.size());
        summary.put("exceptionsByKind", byKind);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("from", report.from().toString());
        body.put("to", report.to().toString());
        if (store != null) {
            body.put("store", store);
        }
        body.put("summary", summary);
        body.put("rows", rows);
        body.put("payouts", payouts);
        body.put("exceptions", exceptions);
        return body;
    }

    private static Map<String, Object> row(TieOutReport.Row r) {
        Map<String, Object> row = new LinkedHashMap<>();
        put(row, "store", r.store());
        put(row, "channel", r.channel());
        row.put("businessDay", r.businessDay().toString());
        row.put("tender", r.tender());
        row.put("currency", r.currencyCode());
        row.put("status", r.status().name());
        row.put("pos", Map.of("count", r.posCount(), "total", r.posTotal().toDecimalString()));
        Map<String, Object> bank = new LinkedHashMap<>();
        bank.put("deposited", r.bankDeposited().toDecimalString());
        Map<String, Object> differences = new LinkedHashMap<>();
        if (r.isCash()) {
            row.put("counted", r.counted() == null ? null : r.counted().toDecimalString());
            if (r.counted() != null) {
                differences.put("countedVsBank", r.counted().minus(r.bankDeposited()).toDecimalString());
            }
        } else {
            Map<String, Object> processor = new LinkedHashMap<>();
            processor.put("lines", r.processorLines());
            processor.put("matchedByReference", r.matchedByReference());
            processor.put("matchedByFallback", r.matchedByFallback());
            processor.put("gross", r.gross().toDecimalString());
            processor.put("fees", r.fees().toDecimalString());
            processor.put("net", r.net().toDecimalString());
            row.put("processor", processor);
            bank.put("payouts", r.payoutReferences());
            differences.put("posVsGross", r.posTotal().minus(r.gross()).toDecimalString());
            differences.put("netVsBank", r.net().minus(r.bankDeposited()).toDecimalString());
        }
        bank.put("references", r.bankReferences());
        row.put("bank", bank);
        row.put("differences", differences);
        row.put("exceptions", r.mismatches());
        return row;
    }

    private static Map<String, Object> mismatch(TieOutReport.Mismatch m) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("kind", m.kind().name());
        put(out, "store", m.store());
        put(out, "channel", m.channel());
        put(out, "date", m.date() == null ? null : m.date().toString());
        put(out, "tender", m.tender());
        if (m.amount() != null) {
            out.put("currency", m.amount().currency().getCurrencyCode());
            out.put("amount", m.amount().toDecimalString());
        }
        put(out, "posAmount", decimal(m.posAmount()));
        put(out, "processorAmount", decimal(m.processorAmount()));
        put(out, "transactionId", m.transactionId());
        put(out, "reference", m.reference());
        put(out, "processor", m.processor());
        put(out, "processorType", m.processorType());
        put(out, "batch", m.batch());
        put(out, "pspReference", m.pspReference());
        put(out, "bankReference", m.bankReference());
        out.put("detail", m.detail());
        return out;
    }

    private static Map<String, Object> payout(TieOutReport.Payout p) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("processor", p.processor());
        put(out, "merchantAccount", p.merchantAccount());
        put(out, "batch", p.batch());
        out.put("reference", p.reference());
        out.put("currency", p.amount().currency().getCurrencyCode());
        out.put("amount", p.amount().toDecimalString());
        out.put("date", p.date().toString());
        BankEntry credit = p.credit();
        if (credit == null) {
            out.put("bankCredit", null);
        } else {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("account", credit.account());
            c.put("bookingDate", credit.bookingDate().toString());
            c.put("amount", credit.amount().toDecimalString());
            put(c, "bankReference", credit.bankReference());
            c.put("matchedBy", p.matchedBy());
            out.put("bankCredit", c);
        }
        return out;
    }

    private static Map<String, Object> line(ProcessorLine l) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("lineNo", l.lineNo());
        out.put("processor", l.processor());
        put(out, "merchantAccount", l.merchantAccount());
        put(out, "batch", l.batch());
        out.put("type", l.type());
        out.put("category", l.category().name());
        put(out, "pspReference", l.pspReference());
        put(out, "merchantReference", l.merchantReference());
        put(out, "modificationReference", l.modificationReference());
        put(out, "paymentMethod", l.paymentMethod());
        out.put("createdAt", l.createdAt().toString());
        out.put("tradeDate", l.tradeDate().toString());
        if (l.gross() != null) {
            out.put("grossCurrency", l.gross().currency().getCurrencyCode());
            out.put("gross", l.gross().toDecimalString());
        }
        out.put("currency", l.net().currency().getCurrencyCode());
        out.put("net", l.net().toDecimalString());
        out.put("fees", new Money(l.fees(), l.net().currency()).toDecimalString());
        put(out, "commission", fee(l.commission(), l));
        put(out, "markup", fee(l.markup(), l));
        put(out, "schemeFees", fee(l.schemeFees(), l));
        put(out, "interchange", fee(l.interchange(), l));
        put(out, "payoutReference", l.payoutReference());
        put(out, "payoutDate", l.payoutDate() == null ? null : l.payoutDate().toString());
        return out;
    }

    private static String fee(Long minor, ProcessorLine line) {
        return minor == null ? null : new Money(minor, line.net().currency()).toDecimalString();
    }

    private static String decimal(Money money) {
        return money == null ? null : money.toDecimalString();
    }

    private static void put(Map<String, Object> map, String key, Object value) {
        if (value != null) {
            map.put(key, value);
        }
    }
}
