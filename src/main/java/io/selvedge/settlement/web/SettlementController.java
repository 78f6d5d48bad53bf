package io.selvedge.settlement.web;

import io.selvedge.contract.Caller;
import io.selvedge.contract.Contract;
import io.selvedge.contract.ContractGuard;
import io.selvedge.settlement.ApproveJournal;
import io.selvedge.settlement.CloseDay;
import io.selvedge.settlement.DayClose;
import io.selvedge.settlement.JournalView;
import io.selvedge.settlement.Journals;
import io.selvedge.shared.ErrorCode;
import io.selvedge.shared.FieldError;
import io.selvedge.shared.Hashing;
import io.selvedge.shared.Money;
import io.selvedge.shared.ProblemException;
import io.selvedge.shared.Violations;
import io.selvedge.shared.WriteResult;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * End of day over HTTP. Who may do what: a store's day is closed by the POS system that speaks for the store
 * (as a writer of {@code pos.transaction}), or by finance or ops; only finance approves a journal. Reads are
 * open to every system with a key.
 */
@RestController
class SettlementController {

    private static final Set<String> BACK_OFFICE_CLOSERS = Set.of("finance", "ops");
    private static final String APPROVER = "finance";
    private static final int MAX_REPORT_DAYS = 366;
    private static final int FUTURE_TOLERANCE_DAYS = 7;

    private final DayClose dayClose;
    private final Journals journals;
    private final ContractGuard guard;
    private final JsonMapper json;

    SettlementController(DayClose dayClose, Journals journals, ContractGuard guard, JsonMapper json) {
        this.dayClose = dayClose;
        this.journals = journals;
        this.guard = guard;
        this.json = json;
    }

    @PostMapping(path = "/api/v1/stores/{store}/days/{businessDay}/close", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<String> close(Caller caller, @PathVariable String store,
                                 @PathVariable @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate businessDay,
                                 @RequestBody String body) {
        Contract.Location location = dayClose.store(store);
        if (!BACK_OFFICE_CLOSERS.contains(caller.name())) {
            guard.requireWriter(caller, "pos.transaction", store);
        }
        CloseRequest request = parse(body, CloseRequest.class);
        Violations v = new Violations();
        // the business date is the POS's, not the wall clock's (as on transactions); this only catches a mistyped year
        LocalDate latest = dayClose.today(location).plusDays(FUTURE_TOLERANCE_DAYS);
        if (businessDay.isAfter(latest)) {
            v.add("businessDay", "is more than " + FUTURE_TOLERANCE_DAYS + " days after the store's current date");
        }
        Currency currency = dayClose.currency(location);
        Map<String, Money> counts = new TreeMap<>();
        Set<String> registers = new java.util.HashSet<>();
        if (v.required("drawerCounts", request.drawerCounts())) {
            for (int i = 0; i < request.drawerCounts().size(); i++) {
                String at = "drawerCounts[" + i + "]";
                CloseRequest.DrawerCount count = request.drawerCounts().get(i);
                if (count == null) {
                    v.add(at, "is required");
                    continue;
                }
                boolean registerOk = v.required(at + ".register", count.register());
                if (registerOk && !count.register().matches("[A-Za-z0-9._-]{1,64}")) {
                    v.add(at + ".register", "must be 1 to 64 letters, digits, '.', '_' or '-'");
                    registerOk = false;
                }
                if (registerOk && !registers.add(count.register())) {
                    v.add(at + ".register", "is counted twice");
                    registerOk = false;
                }
                Money cash = cash(v, at + ".cash", count.cash(), currency);
                if (registerOk && cash != null) {
                    counts.put(count.register(), cash);
                }
            }
        }
        v.throwIfAny();
        // the counts are the body: the same counts in any order or spelling ("412.5") are the same close
        StringBuilder canonical = new StringBuilder(currency.getCurrencyCode());
        counts.forEach((register, cash) -> canonical.append('\n').append(register).append('=').append(cash.minor()));
        WriteResult result = dayClose.close(new CloseDay(store, businessDay, counts, Hashing.sha256Hex(canonical.toString()), caller.name()));
        return respond(result);
    }

    @GetMapping("/api/v1/stores/{store}/days/{businessDay}/settlement")
    ResponseEntity<String> settlement(@PathVariable String store,
                                      @PathVariable @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate businessDay) {
        dayClose.store(store);
        String settlement = dayClose.settlement(store, businessDay)
                .orElseThrow(() -> ProblemException.notFound("Store " + store + " has not closed " + businessDay));
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(settlement);
    }

    @GetMapping("/api/v1/stores/{store}/days/{businessDay}/journal")
    ResponseEntity<String> journal(@PathVariable String store,
                                   @PathVariable @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate businessDay,
                                   @RequestHeader(value = "Accept", required = false) String accept,
                                   @RequestParam(required = false) String format) {
        dayClose.store(store);
        JournalView journal = journals.journal(store, businessDay)
                .orElseThrow(() -> ProblemException.notFound("Store " + store + " has not closed " + businessDay + ": no journal yet"));
        if ("csv".equalsIgnoreCase(format) || (format == null && prefersCsv(accept))) {
            return ResponseEntity.ok()
                    .contentType(new MediaType("text", "csv", java.nio.charset.StandardCharsets.UTF_8))
                    .header("Content-Disposition", "attachment; filename=\"journal-" + store + "-" + businessDay + ".csv\"")
                    .body(JournalFormats.csv(journal));
        }
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(json.writeValueAsString(JournalFormats.json(journal)));
    }

    @PostMapping("/api/v1/stores/{store}/days/{businessDay}/journal/approval")
    ResponseEntity<String> approve(Caller caller, @PathVariable String store,
                                   @PathVariable @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate businessDay,
                                   @RequestBody(required = false) String body) {
        dayClose.store(store);
        if (!APPROVER.equals(caller.name())) {
            throw new ProblemException(ErrorCode.NOT_OWNER, "system '" + caller.name() + "' may not approve journals: only '" + APPROVER
                    + "' approves a day's journal", List.of(), Map.of("flow", "journal.approval"));
        }
        String approvedBy = null;
        if (body != null && !body.isBlank()) {
            ApprovalRequest request = parse(body, ApprovalRequest.class);
            approvedBy = request.approvedBy();
            if (approvedBy != null && !approvedBy.matches("[A-Za-z0-9._@-]{1,64}")) {
                throw ProblemException.invalid("approvedBy", "must be a staff id of 1 to 64 letters, digits, '.', '_', '@' or '-'");
            }
        }
        String hash = Hashing.sha256Hex(approvedBy == null ? "" : approvedBy);
        return respond(journals.approve(new ApproveJournal(store, businessDay, approvedBy, hash)));
    }

    @GetMapping("/api/v1/stores/{store}/late-transactions")
    Map<String, Object> lateTransactions(@PathVariable String store) {
        Contract.Location location = dayClose.store(store);
        return Map.of("store", store, "transactions", dayClose.pendingLate(location), "adjustments", dayClose.pendingAdjustments(location));
    }

    @GetMapping("/api/v1/reports/revenue")
    Map<String, Object> revenue(@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
                                @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
                                @RequestParam(required = false) String store) {
        Violations v = new Violations();
        v.required("from", from);
        v.required("to", to);
        if (from != null && to != null) {
            if (to.isBefore(from)) {
                v.add("to", "must not be before from");
            } else if (ChronoUnit.DAYS.between(from, to) >= MAX_REPORT_DAYS) {
                v.add("to", "must be within " + MAX_REPORT_DAYS + " days of from");
            }
        }
        if (store != null && guard.contract().location(store).filter(l -> l.type() == Contract.LocationType.STORE).isEmpty()) {
            v.add("store", "is not a store in the contract");
        }
        v.throwIfAny();
        return journals.revenue(from, to, store);
    }

    /** Money is a decimal string, never a JSON number (API.md). */
    private static Money cash(Violations v, String field, JsonNode cash, Currency currency) {
        if (cash == null || cash.isNull()) {
            v.add(field, "is required");
            return null;
        }
        if (!cash.isString()) {
            v.add(field, "must be a decimal string such as \"412.50\", not a number");
            return null;
        }
        Money money = v.money(field, cash.asString(), currency);
        if (money != null && money.isNegative()) {
            v.add(field, "must not be negative");
            return null;
        }
        return money;
    }

    /** True when the client ranks text/csv above JSON (by quality, then by order). */
    static boolean prefersCsv(String accept) {
        if (accept == null || accept.isBlank()) {
            return false;
        }
        List<MediaType> types;
        try {
            types = new ArrayList<>(MediaType.parseMediaTypes(accept));
        } catch (InvalidMediaTypeException e) {
            return false;
        }
        types.sort(Comparator.comparingDouble(MediaType::getQualityValue).reversed());
        MediaType csv = new MediaType("text", "csv");
        for (MediaType type : types) {
            if (type.getQualityValue() == 0) {
                continue;
            }
            if (type.includes(MediaType.APPLICATION_JSON)) {
                return false;
            }
            if (type.includes(csv)) {
                return true;
            }
        }
        return false;
    }

    private <T> T parse(String body, Class<T> type) {
        try {
            return json.readValue(body, type);
        } catch (JacksonException e) {
            if (!e.getPath().isEmpty()) {
                StringBuilder field = new StringBuilder();
                for (JacksonException.Reference reference : e.getPath()) {
                    if (reference.getPropertyName() != null) {
                        field.append(field.isEmpty() ? "" : ".").append(reference.getPropertyName());
                    } else if (reference.getIndex() >= 0) {
                        field.append('[').append(reference.getIndex()).append(']');
                    }
                }
                throw new ProblemException(ErrorCode.VALIDATION, field + " has the wrong type or format",
                        List.of(new FieldError(field.toString(), "has the wrong type or format")));
            }
            throw new ProblemException(ErrorCode.MALFORMED_REQUEST, "The body is not valid JSON");
        }
    }

    private static ResponseEntity<String> respond(WriteResult result) {
        var builder = ResponseEntity.status(result.status())
                .contentType(result.status() >= 400 ? MediaType.APPLICATION_PROBLEM_JSON : MediaType.APPLICATION_JSON);
        if (result.replay()) {
            builder.header("Idempotent-Replay", "true");
        }
        return builder.body(result.json());
    }
}
