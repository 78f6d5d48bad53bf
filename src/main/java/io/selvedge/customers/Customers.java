package io.selvedge.customers;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.selvedge.contract.Contract;
import io.selvedge.customers.domain.CustomerField;
import io.selvedge.customers.domain.CustomerIds;
import io.selvedge.customers.domain.EmailAddress;
import io.selvedge.customers.domain.LoyaltyBalances;
import io.selvedge.customers.domain.MatchedBy;
import io.selvedge.customers.domain.PhoneNumber;
import io.selvedge.customers.domain.Resolution;
import io.selvedge.customers.domain.Resolution.Known;
import io.selvedge.customers.domain.Survivorship;
import io.selvedge.customers.jdbc.JdbcCustomers;
import io.selvedge.customers.jdbc.JdbcCustomers.CustomerRow;
import io.selvedge.customers.jdbc.JdbcCustomers.Kind;
import io.selvedge.customers.jdbc.JdbcCustomers.MergeRow;
import io.selvedge.customers.jdbc.JdbcCustomers.SourceLink;
import io.selvedge.customers.jdbc.JdbcLoyalty;
import io.selvedge.shared.ErrorCode;
import io.selvedge.shared.IdempotentWrites;
import io.selvedge.shared.OutgoingEvent;
import io.selvedge.shared.Outbox;
import io.selvedge.shared.ProblemException;
import io.selvedge.shared.Violations;
import io.selvedge.shared.WriteResult;
import io.selvedge.shared.WriteTransactions;
import jakarta.annotation.PreDestroy;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one customer id: resolves what systems say of a customer to it (normalised email, then E.164 phone, then the
 * source's own id, else a new id), merges records that turn out to be one person (reversibly), and erases.
 *
 * <p>Personal data (emails, phones, names) is stored in the customer tables only: never in logs, events, audit
 * rows or exception messages.
 */
@Service
public class Customers implements CustomerDirectory {

    private static final Logger log = LoggerFactory.getLogger(Customers.class);
    static final int MAX_NAME_LENGTH = 200;
    static final int MAX_TIER_LENGTH = 64;

    private final JdbcCustomers customers;
    private final JdbcLoyalty loyalty;
    private final WriteTransactions writes;
    private final IdempotentWrites idempotent;
    private final Outbox outbox;
    private final Contract contract;
    private final MeterRegistry meters;
    private final JsonMapper json;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final boolean gmailDotsInsensitive;
    private final Survivorship survivorship;
    /** The upper bounds of {@code selvedge.customers.resolve}'s buckets: finest around the 1 ms budget. */
    private static final Duration[] RESOLVE_BUCKETS = LongStream.of(100, 200, 300, 400, 500, 600, 750,
            1000, 1250, 1500, 2000, 5000, 10_000, 50_000).mapToObj(micros -> Duration.ofNanos(micros * 1000)).toArray(Duration[]::new);

    private final Map<String, Timer> resolving = new ConcurrentHashMap<>();
    private final Map<String, Timer> lookingAhead = new ConcurrentHashMap<>();
    /** The lookahead threads, none queued: when all are busy a transaction's write looks for itself. Null when off. */
    private final ThreadPoolExecutor lookaheads;
    private final Map<MatchedBy, Counter> resolved = new EnumMap<>(MatchedBy.class);

    public Customers(JdbcCustomers customers, JdbcLoyalty loyalty, WriteTransactions writes, IdempotentWrites idempotent, Outbox outbox,
                     Contract contract, MeterRegistry meters, JsonMapper json, Clock clock,
                     @Value("${selvedge.customers.lookahead.concurrency:2}") int lookaheadConcurrency) {
        this.customers = customers;
        this.loyalty = loyalty;
        this.writes = writes;
        this.idempotent = idempotent;
        this.outbox = outbox;
        this.contract = contract;
        this.meters = meters;
        this.json = json;
        this.clock = clock;
        this.gmailDotsInsensitive = Boolean.parseBoolean(contract.policy("customers.gmailDotsInsensitive", "false").trim());
        this.survivorship = new Survivorship(Survivorship.Rule.fromPolicy(contract.policy("customers.survivorship", "most-recent")));
        this.lookaheads = lookaheadConcurrency <= 0 ? null : new ThreadPoolExecutor(lookaheadConcurrency, lookaheadConcurrency, 1,
                TimeUnit.MINUTES, new SynchronousQueue<>(), runnable -> {
                    Thread thread = new Thread(runnable, "selvedge-customer-lookahead");
                    thread.setDaemon(true);
                    return thread;
                }, new ThreadPoolExecutor.AbortPolicy());
        for (MatchedBy matchedBy : MatchedBy.values()) {
            resolving(matchedBy, lookaheads == null ? "none" : matchedBy == MatchedBy.NEW ? "fresh" : "settled");
            resolved.put(matchedBy, meters.counter("selvedge.customers.resolved", "matchedBy", matchedBy.name()));
        }
    }

    /**
     * The timer of resolutions inside the write, by how they matched and what a lookahead had found by then:
     * {@code settled} (nothing left to do), {@code fresh} (nobody known: straight to the insert), {@code unsettled}
     * (something to write), {@code missed} (not found by then, or used by an attempt that failed), {@code none} (no lookahead).
     */
    private Timer resolving(MatchedBy matchedBy, String lookahead) {
        return resolving.computeIfAbsent(matchedBy.name() + "|" + lookahead, key -> Timer.builder("selvedge.customers.resolve")
                .description("time spent resolving a transaction's customer inside the transaction's write")
                .tag("matchedBy", matchedBy.name())
                .tag("lookahead", lookahead)
                .publishPercentiles(0.5, 0.99)
                // Fixed buckets around the 1 ms budget (issue 5): cumulative counts, so a scrape, or a benchmark
                // taking the difference of two readings, tells the share within budget over any span exactly,
                // where the percentiles above only cover the last few minutes.
                .serviceLevelObjectives(RESOLVE_BUCKETS)
                .register(meters));
    }

    /** The answer to a submission: the customer id, how it matched, and whether it replays an identical earlier one. */
    public record Recorded(String customerId, String matchedBy, boolean replay) {

        public boolean created() {
            return !replay && MatchedBy.NEW.name().equals(matchedBy);
        }
    }

    public record Unmerged(String customerId, String unmergedFrom, long mergeId, List<String> aliases, boolean replay) {
    }

    public record Erased(String customerId, List<String> erasedIds, Instant erasedAt, boolean replay) {
    }

    public record MergeAudit(long mergeId, String survivorId, String mergedId, String evidence, String mergedAt, String mergedBy,
                             String unmergedAt, String unmergedBy, List<JdbcCustomers.MergeField> fields) {
    }

    // ---- parsing, with the contract's policies --------------------------------------------------------------

    /** Parses an email with the contract's provider rules; {@link IllegalArgumentException} with an API message. */
    public EmailAddress email(String raw) {
        return EmailAddress.parse(raw, gmailDotsInsensitive);
    }

    /**
     * The region phone numbers without a country code are read in, for a sender: the named location's country,
     * else the one country all the locations the system speaks or sells for share, else null (then only +...
     * numbers are accepted).
     */
    public String defaultCountry(Contract.SystemDef system, String location) {
        if (location != null) {
            return contract.location(location).map(Contract.Location::country).orElse(null);
        }
        Set<String> countries = new TreeSet<>();
        for (Contract.Location l : contract.locations().values()) {
            boolean sellsFrom = contract.channels().values().stream()
                    .anyMatch(c -> system.sellsThrough(c.code()) && c.locations().contains(l.code()));
            if (system.actsFor(l.code()) || sellsFrom) {
                countries.add(l.country());
            }
        }
        if (countries.isEmpty()) {
            contract.locations().values().forEach(l -> countries.add(l.country()));
        }
        return countries.size() == 1 ? countries.iterator().next() : null;
    }

    // ---- CustomerDirectory: what sales and orders use --------------------------------------------------------

    /**
     * {@inheritDoc}
     *
     * <p>{@code source} is the contract system the details come from ("pos", "web"): fields the contract gives to
     * another system are used to find the customer but not stored. Unusable parts (see {@link #check}) are ignored.
     * Joins the caller's write when called inside one.
     */
    @Override
    public Optional<CustomerMatch> resolve(String source, String sourceId, CustomerDetails details, String defaultCountry,
                                           CustomerLookahead ahead) {
        Submission s = ahead != null ? ahead.submission() : submission(source, sourceId, details, defaultCountry);
        if (s == null) {
            return Optional.empty();
        }
        Resolved resolved = writes.write(() -> {
            // Timed inside the write: this is what resolution adds to the transaction's write path.
            long started = System.nanoTime();
            CustomerLookahead.Outcome found = ahead == null ? null : ahead.take();
            Resolved r;
            if (found instanceof CustomerLookahead.Settled settled) {
                r = new Resolved(settled.customerId(), settled.matchedBy());
                this.resolved.get(r.matchedBy()).increment();
            } else {
                r = resolveWithin(s.source(), s.source(), s.sourceId(), s.email(), s.phone(), s.values(), clock.instant(),
                        found instanceof CustomerLookahead.Fresh ? JdbcCustomers.KeyOwners.NONE : null);
            }
            resolving(r.matchedBy(), ahead == null ? "none" : found == null ? "missed" : lookaheadTag(found))
                    .record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
            return r;
        });
        return Optional.of(new CustomerMatch(resolved.customerId(), resolved.matchedBy().name()));
    }

    @Override
    public CustomerLookahead lookahead(String source, String sourceId, CustomerDetails details, String defaultCountry) {
        if (lookaheads == null) {
            return null;
        }
        Submission s = submission(source, sourceId, details, defaultCountry);
        return s == null ? null : new CustomerLookahead(this, s);
    }

    /**
     * What a transaction says of its customer, read: the system it comes from, its usable keys and its field values.
     * Null when nothing is usable to match on.
     */
    record Submission(String source, String sourceId, EmailAddress email, PhoneNumber phone, Map<CustomerField, String> values) {
    }

    private Submission submission(String source, String sourceId, CustomerDetails details, String defaultCountry) {
        Objects.requireNonNull(source, "source");
        CustomerDetails d = details == null ? new CustomerDetails(null, null, null, null) : details;
        CustomerDetails.Read read = d.read() != null && Objects.equals(d.read().defaultCountry, defaultCountry) ? d.read()
                : new CustomerDetails.Read(defaultCountry, quietly(() -> blank(d.email()) ? null : email(d.email())),
                        quietly(() -> blank(d.phone()) ? null : PhoneNumber.parse(d.phone(), defaultCountry)));
        String sid = blank(sourceId) || sourceId.length() > 128 ? null : sourceId.strip();
        if (read.email == null && read.phone == null && sid == null) {
            return null;
        }
        return new Submission(source, sid, read.email, read.phone, values(read.email, read.phone, d.firstName(), d.lastName(), null));
    }

    /** Hands the lookahead to a lookahead thread, if one is free; false when none is. */
    boolean startLookahead(CustomerLookahead ahead) {
        try {
            lookaheads.execute(ahead::run);
            return true;
        } catch (RejectedExecutionException allBusy) {
            return false; // under load the write resolves the customer itself, as it would without lookaheads
        }
    }

    @PreDestroy
    void stopLookaheads() {
        if (lookaheads != null) {
            lookaheads.shutdownNow();
        }
    }

    /**
     * A {@link CustomerLookahead}'s lookup, outside any write (its own read of committed rows, as the write's would be),
     * and what it means for the write. At most {@code selvedge.customers.lookahead.concurrency} run at once, so
     * lookaheads never hold the connections the writer and readers need.
     */
    void lookAhead(CustomerLookahead ahead) {
        if (!ahead.pending()) {
            return;
        }
        try {
            long started = System.nanoTime();
            Submission s = ahead.submission();
            JdbcCustomers.KeyOwners owners = keyOwners(s.email(), s.phone(), s.source(), s.sourceId());
            Plan plan = plan(s.source(), s.sourceId(), s.email(), s.phone(), s.values(), owners);
            CustomerLookahead.Outcome outcome = plan.changesNothing()
                    ? new CustomerLookahead.Settled(plan.resolution().survivor().customerId(), plan.resolution().matchedBy())
                    : owners.noneFound() ? new CustomerLookahead.Fresh() : new CustomerLookahead.Unsettled();
            boolean handed = ahead.offer(outcome);
            lookingAhead(handed ? lookaheadTag(outcome) : "late").record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        } catch (RuntimeException e) {
            // the write resolves the customer itself; the message could quote a key, so only the kind of failure is logged
            log.warn("event=customer.lookahead-failed error={}", e.getClass().getSimpleName());
        }
    }

    /** The timer of lookaheads' own lookups, by outcome ({@code late}: the write had already looked for itself). */
    private Timer lookingAhead(String outcome) {
        return lookingAhead.computeIfAbsent(outcome, tag -> Timer.builder("selvedge.customers.lookahead")
                .description("a transaction's customer looked up on a thread of its own, beside its write")
                .tag("outcome", tag)
                .serviceLevelObjectives(RESOLVE_BUCKETS)
                .register(meters));
    }

    /** Who the keys sent point to, and their field values: the one read resolution makes, in or beside the write. */
    private JdbcCustomers.KeyOwners keyOwners(EmailAddress email, PhoneNumber phone, String source, String sourceId) {
        return customers.survivorsByKey(email == null ? null : email.normalized(), phone == null ? null : phone.e164(), source, sourceId);
    }

    private static String lookaheadTag(CustomerLookahead.Outcome outcome) {
        return outcome instanceof CustomerLookahead.Settled ? "settled" : outcome instanceof CustomerLookahead.Fresh ? "fresh" : "unsettled";
    }

    @Override
    public CustomerDetails check(String fieldPrefix, CustomerDetails details, String defaultCountry, Violations violations) {
        if (details == null) {
            return null;
        }
        String at = fieldPrefix == null || fieldPrefix.isEmpty() ? "" : fieldPrefix + ".";
        EmailAddress email = blank(details.email()) ? null : violations.attempt(at + "email", () -> email(details.email()));
        PhoneNumber phone = blank(details.phone()) ? null
                : violations.attempt(at + "phone", () -> PhoneNumber.parse(details.phone(), defaultCountry));
        maxLength(violations, at + "firstName", details.firstName(), MAX_NAME_LENGTH);
        maxLength(violations, at + "lastName", details.lastName(), MAX_NAME_LENGTH);
        return new CustomerDetails(details.email(), details.phone(), details.firstName(), details.lastName(),
                new CustomerDetails.Read(defaultCountry, email, phone));
    }

    static void maxLength(Violations violations, String field, String value, int max) {
        if (value != null && value.length() > max) {
            violations.add(field, "must be at most " + max + " characters");
        }
    }

    // ---- POST /customers --------------------------------------------------------------------------------------

    /**
     * Resolves and links a submission. Idempotent per (source, sourceId): an identical body replays its first answer;
     * a changed body is an update of that customer (customers are state, not events, so it is not a conflict).
     */
    public Recorded record(RecordCustomer c) {
        Recorded recorded = retryingOnceOnDuplicateKey(() -> writes.write(() -> {
            if (c.sourceId() != null) {
                Optional<SourceLink> link = customers.sourceLink(c.source(), c.sourceId());
                if (link.isPresent() && c.bodyHash().equals(link.get().bodyHash())) {
                    return new Recorded(link.get().answerCustomerId(), link.get().answerMatchedBy(), true);
                }
            }
            Map<CustomerField, String> values = values(c.email(), c.phone(), c.firstName(), c.lastName(), c.loyaltyTier());
            Resolved resolved = resolveWithin(c.system(), c.source(), c.sourceId(), c.email(), c.phone(), values, clock.instant(), null);
            if (c.sourceId() != null) {
                customers.rememberBody(c.source(), c.sourceId(), c.bodyHash(), resolved.customerId(), resolved.matchedBy().name());
            }
            return new Recorded(resolved.customerId(), resolved.matchedBy().name(), false);
        }));
        // not the source: the caller's free text, which could carry anything (the system is the contract's name for it)
        log.info("event=customer.recorded system={} customerId={} matchedBy={} replay={}", c.system(), recorded.customerId(),
                recorded.matchedBy(), recorded.replay());
        return recorded;
    }

    private record Resolved(String customerId, MatchedBy matchedBy) {
    }

    /**
     * What a submission changes, decided from what its keys found: the keys, source id and field values to add, the
     * values to overwrite and the records to merge. Nothing at all for a returning customer who sent nothing new.
     */
    private record Plan(Resolution resolution, Map<Kind, String> newKeys, String newSourceId, Map<String, String> firstValues,
                        Map<String, String> changedValues) {

        boolean changesNothing() {
            return !resolution.isNew() && newKeys.isEmpty() && newSourceId == null && firstValues.isEmpty() && changedValues.isEmpty()
                    && resolution.merged().isEmpty();
        }
    }

    private Plan plan(String system, String sourceId, EmailAddress email, PhoneNumber phone, Map<CustomerField, String> values,
                      JdbcCustomers.KeyOwners owners) {
        Map<Kind, Known> byKey = owners.identifiers();
        Resolution resolution = Resolution.of(Optional.ofNullable(byKey.get(Kind.EMAIL)), Optional.ofNullable(byKey.get(Kind.PHONE)),
                owners.source());
        // New keys join the survivor, so the next submission with any of them finds it.
        Map<Kind, String> newKeys = new EnumMap<>(Kind.class);
        if (email != null && !byKey.containsKey(Kind.EMAIL) && mayStore(CustomerField.EMAIL, system)) {
            newKeys.put(Kind.EMAIL, email.normalized());
        }
        if (phone != null && !byKey.containsKey(Kind.PHONE) && mayStore(CustomerField.PHONE, system)) {
            newKeys.put(Kind.PHONE, phone.e164());
        }
        String newSourceId = sourceId != null && owners.source().isEmpty() ? sourceId : null;
        Map<String, Survivorship.Candidate> current = resolution.isNew() ? Map.of() : owners.fieldsOf(resolution.survivor().customerId());
        Map<String, String> firstValues = new LinkedHashMap<>();
        Map<String, String> changedValues = new LinkedHashMap<>();
        values.forEach((field, value) -> {
            Survivorship.Candidate held = current.get(field.apiName());
            if (!mayStore(field, system)) {
                return;
            }
            if (held == null) {
                firstValues.put(field.apiName(), value);
            } else if (!sameAsHeld(field, held.value(), value)) {
                changedValues.put(field.apiName(), value);
            }
        });
        return new Plan(resolution, newKeys, newSourceId, firstValues, changedValues);
    }

    /**
     * The heart of matching; runs inside a write. {@code found}: what the keys found, when a lookahead already knows
     * ({@link JdbcCustomers.KeyOwners#NONE}: nothing); null to look now.
     */
    private Resolved resolveWithin(String system, String source, String sourceId, EmailAddress email, PhoneNumber phone,
                                   Map<CustomerField, String> values, Instant now, JdbcCustomers.KeyOwners found) {
        JdbcCustomers.KeyOwners owners = found != null ? found : keyOwners(email, phone, source, sourceId);
        Plan plan = plan(system, sourceId, email, phone, values, owners);
        Resolution resolution = plan.resolution();
        String customerId = resolution.isNew() ? newCustomerId() : resolution.survivor().customerId();
        plan.changedValues().forEach((field, value) -> customers.putAttribute(customerId, field, value, source, system, now));
        if (resolution.isNew()) {
            // one sale in ten or so brings someone new: all their rows in one statement where the database allows
            customers.insertNewCustomer(new JdbcCustomers.NewCustomer(customerId, system, plan.newKeys(), source, plan.newSourceId(),
                    plan.firstValues()), now);
        } else {
            customers.insertIdentifiers(plan.newKeys(), customerId, now);
            if (plan.newSourceId() != null) {
                customers.insertSourceLink(source, plan.newSourceId(), customerId, now);
            }
            // a known customer's first values of some fields: one statement, not one per field
            customers.insertAttributes(customerId, plan.firstValues(), source, system, now);
        }
        String evidence = resolution.evidence().stream().map(Enum::name).collect(Collectors.joining(","));
        for (Known other : resolution.merged()) {
            merge(customerId, other.customerId(), evidence, system, now);
        }
        resolved.get(resolution.matchedBy()).increment();
        return new Resolved(customerId, resolution.matchedBy());
    }

    /** Merges the group of {@code mergedId} into that of {@code survivorId}; both are survivors of their groups. */
    private void merge(String survivorId, String mergedId, String evidence, String by, Instant now) {
        List<String> mergedGroup = customers.group(mergedId).stream().map(CustomerRow::customerId).toList();
        List<String> both = new ArrayList<>(customers.group(survivorId).stream().map(CustomerRow::customerId).toList());
        both.addAll(mergedGroup);
        long mergeId = customers.insertMerge(survivorId, mergedId, evidence, now, by);
        chooseFields(survivorId, both).forEach((field, choice) ->
                customers.insertMergeField(mergeId, field.apiName(), choice.chosen().customerId(), choice.reason()));
        customers.setMergedInto(mergedId, survivorId);
        customers.setSurvivor(mergedGroup, survivorId);
        // Ids only: subscribers look the customer up; personal data never travels in events.
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("mergeId", mergeId);
        data.put("survivorId", survivorId);
        data.put("mergedId", mergedId);
        data.put("aliases", mergedGroup);
        data.put("evidence", evidence);
        // Nothing moves: each movement stays on its record, and the survivor now shows the sum over both groups.
        data.put("loyaltyPoints", balances(both).points());
        outbox.append(new OutgoingEvent("customer.merged", "customer|" + survivorId, null, now, data));
        log.info("event=customer.merged mergeId={} survivorId={} mergedId={} evidence={}", mergeId, survivorId, mergedId, evidence);
    }

    private Map<CustomerField, Survivorship.Choice> chooseFields(String survivorId, List<String> group) {
        Map<String, List<Survivorship.Candidate>> byField = new HashMap<>();
        for (Map.Entry<String, Survivorship.Candidate> e : customers.attributesOf(group)) {
            byField.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue());
        }
        Map<CustomerField, Survivorship.Choice> chosen = new EnumMap<>(CustomerField.class);
        for (CustomerField field : CustomerField.values()) {
            survivorship.choose(specificOwner(field), survivorId, byField.getOrDefault(field.apiName(), List.of()))
                    .ifPresent(choice -> chosen.put(field, choice));
        }
        return chosen;
    }

    // ---- reads ------------------------------------------------------------------------------------------------

    public Optional<CustomerView> find(String customerId) {
        return customers.customer(customerId).map(row -> view(row.survivorId(), customerId));
    }

    public Optional<CustomerView> findBySource(String source, String sourceId) {
        return customers.sourceLink(source, sourceId).map(link -> view(link.survivor().customerId(), link.survivor().customerId()));
    }

    /** Every merge that touched the customer's group, oldest first, with the survivorship decided at each. */
    public Optional<List<MergeAudit>> merges(String customerId) {
        return customers.customer(customerId).map(row -> {
            List<String> ids = new ArrayList<>(customers.group(row.survivorId()).stream().map(CustomerRow::customerId).toList());
            if (!ids.contains(customerId)) {
                ids.add(customerId);
            }
            return customers.mergesAmong(ids).stream().map(m -> new MergeAudit(m.mergeId(), m.survivorId(), m.mergedId(),
                    m.evidence(), text(m.mergedAt()), m.mergedBy(), text(m.unmergedAt()), m.unmergedBy(),
                    customers.mergeFields(m.mergeId()))).toList();
        });
    }

    private CustomerView view(String survivorId, String askedFor) {
        List<CustomerRow> group = customers.group(survivorId);
        CustomerRow root = group.stream().filter(r -> r.customerId().equals(survivorId)).findFirst().orElseThrow();
        List<String> ids = group.stream().map(CustomerRow::customerId).toList();
        List<String> mergedFrom = ids.stream().filter(id -> !id.equals(survivorId)).toList();
        String resolvedFrom = askedFor.equals(survivorId) ? null : askedFor;
        LoyaltyBalances points = balances(ids);
        CustomerView.Loyalty loyaltyView = new CustomerView.Loyalty(points.points(), points.movements());
        if (root.erased()) {
            return new CustomerView(survivorId, "ERASED", resolvedFrom, null, null, null, null, null, loyaltyView, mergedFrom, List.of(),
                    Map.of(), text(root.createdAt()), text(root.erasedAt()));
        }
        Map<CustomerField, Survivorship.Choice> fields = chooseFields(survivorId, ids);
        Map<String, CustomerView.FieldSource> sources = new LinkedHashMap<>();
        fields.forEach((field, choice) -> sources.put(field.apiName(), new CustomerView.FieldSource(choice.chosen().customerId(),
                choice.chosen().source(), choice.chosen().system(), text(choice.chosen().updatedAt()), choice.reason())));
        List<CustomerView.SourceId> sourceIds = customers.sourceIds(ids).stream()
                .map(s -> new CustomerView.SourceId(s.source(), s.sourceId())).toList();
        return new CustomerView(survivorId, "ACTIVE", resolvedFrom, value(fields, CustomerField.EMAIL), value(fields, CustomerField.PHONE),
                value(fields, CustomerField.FIRST_NAME), value(fields, CustomerField.LAST_NAME), value(fields, CustomerField.LOYALTY_TIER),
                loyaltyView, mergedFrom, sourceIds, sources, text(root.createdAt()), null);
    }

    /** {@inheritDoc} */
    @Override
    public Optional<CustomerRecords> records(String customerId) {
        return customers.customer(customerId).map(row -> {
            List<String> ids = new ArrayList<>(List.of(row.survivorId()));
            customers.group(row.survivorId()).stream().map(CustomerRow::customerId).filter(id -> !id.equals(row.survivorId()))
                    .forEach(ids::add);
            return new CustomerRecords(row.survivorId(), ids);
        });
    }

    // ---- loyalty points ---------------------------------------------------------------------------------------

    static final String LOYALTY_SCOPE = "customer.loyalty";

    /**
     * Posts a loyalty movement to the record {@code c.customerId()}, a survivor or an alias: the movement stays on
     * that record for good, so the survivor shows the sum over its group and an unmerge takes the movement along.
     * A repeat of the movement id replays the first answer. A redemption beyond what the customer holds over all
     * its records is refused (409) and changes nothing, so it may be sent again under the same id. Erasure keeps
     * the points (they are not personal data), and an erased customer's id may still take movements, e.g. the
     * reversal of points earned on a sale refunded after the erasure.
     */
    public WriteResult postLoyalty(PostLoyalty c) {
        if (customers.customer(c.customerId()).isEmpty()) {
            throw notFound(c.customerId());
        }
        WriteResult result = idempotent.write(LOYALTY_SCOPE, c.movementId(), c.bodyHash(), () -> postWithin(c));
        log.info("event=customer.loyalty system={} customerId={} movementId={} points={} status={} replay={}", c.system(),
                c.customerId(), c.movementId(), c.points(), result.status(), result.replay());
        return result;
    }

    private WriteResult postWithin(PostLoyalty c) {
        CustomerRow row = customers.customer(c.customerId()).orElseThrow(() -> notFound(c.customerId()));
        List<String> ids = customers.group(row.survivorId()).stream().map(CustomerRow::customerId).toList();
        LoyaltyBalances.Outcome outcome = balances(ids).post(c.customerId(), c.points());
        if (outcome instanceof LoyaltyBalances.Refused refused) {
            Map<String, Object> problem = new LinkedHashMap<>();
            problem.put("type", ErrorCode.STATE_CONFLICT.type());
            problem.put("title", ErrorCode.STATE_CONFLICT.title());
            problem.put("status", ErrorCode.STATE_CONFLICT.status());
            problem.put("detail", refused.reason());
            problem.put("available", Math.max(refused.available(), 0));
            return new WriteResult(ErrorCode.STATE_CONFLICT.status(), json.writeValueAsString(problem), false);
        }
        LoyaltyBalances.Posted posted = (LoyaltyBalances.Posted) outcome;
        Instant now = clock.instant();
        loyalty.insertMovement(c.movementId(), c.customerId(), c.points(), c.reason(), c.occurredAt(), now, c.system());
        loyalty.putBalance(c.customerId(), posted.record(), now);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("movementId", c.movementId());
        answer.put("customerId", row.survivorId());
        answer.put("postedTo", c.customerId());
        answer.put("points", c.points());
        answer.put("balance", posted.after().points());
        // Ids and points only: the reason is free text and stays in the customer tables.
        outbox.append(new OutgoingEvent("customer.loyalty.posted", "customer|" + row.survivorId(), null, now, answer));
        return WriteResult.first(201, json.writeValueAsString(answer));
    }

    /** The customer's points, each record's share and the movements newest first, {@code limit} a page. */
    public Optional<LoyaltyStatement> loyalty(String customerId, Long before, int limit) {
        return customers.customer(customerId).map(row -> {
            List<String> ids = customers.group(row.survivorId()).stream().map(CustomerRow::customerId).toList();
            LoyaltyBalances balances = balances(ids);
            List<JdbcLoyalty.MovementRow> rows = loyalty.movements(ids, before, limit + 1);
            Long next = rows.size() > limit ? rows.get(limit - 1).entry() : null;
            List<LoyaltyStatement.Movement> movements = rows.stream().limit(limit)
                    .map(m -> new LoyaltyStatement.Movement(m.entry(), m.movementId(), m.customerId(), m.points(), m.reason(),
                            text(m.occurredAt()), text(m.recordedAt()), m.recordedBy()))
                    .toList();
            List<LoyaltyStatement.Share> shares = ids.stream()
                    .map(id -> new LoyaltyStatement.Share(id, balances.of(id).points(), balances.of(id).movements())).toList();
            return new LoyaltyStatement(row.survivorId(), customerId.equals(row.survivorId()) ? null : customerId, balances.points(),
                    shares, movements, next);
        });
    }

    private LoyaltyBalances balances(List<String> recordIds) {
        return LoyaltyBalances.of(recordIds, loyalty.balances(recordIds));
    }

    // ---- unmerge and erasure ----------------------------------------------------------------------------------

    /**
     * Undoes the merge that made {@code customerId} an alias: it becomes a customer of its own again, with the
     * records that had been merged into it, its keys, source ids and field values as they were; whatever was
     * submitted to the survivor after the merge stays with the survivor. Repeating it answers as the first time.
     */
    public Unmerged unmerge(String customerId, String by) {
        Unmerged unmerged = writes.write(() -> {
            CustomerRow row = customers.customer(customerId).orElseThrow(() -> notFound(customerId));
            if (row.erased()) {
                throw new ProblemException(ErrorCode.STATE_CONFLICT, "Customer " + customerId + " was erased; it cannot be unmerged");
            }
            List<MergeRow> merges = customers.mergesOf(customerId);
            if (!row.merged()) {
                if (!merges.isEmpty() && merges.get(0).unmergedAt() != null) {
                    MergeRow last = merges.get(0);
                    return new Unmerged(customerId, last.survivorId(), last.mergeId(),
                            aliasesOf(customers.group(customerId), customerId), true);
                }
                throw new ProblemException(ErrorCode.STATE_CONFLICT, "Customer " + customerId
                        + " is not merged into another customer: unmerge the id that was merged away (see mergedFrom)");
            }
            MergeRow merge = merges.stream().filter(m -> m.unmergedAt() == null && m.survivorId().equals(row.mergedInto()))
                    .findFirst().orElseThrow(() -> new IllegalStateException("no open merge for merged customer " + customerId));
            List<CustomerRow> group = customers.group(row.survivorId());
            Map<String, String> parentOf = new HashMap<>();
            group.forEach(r -> parentOf.put(r.customerId(), r.mergedInto()));
            List<String> moving = group.stream().map(CustomerRow::customerId)
                    .filter(id -> descendsFrom(id, customerId, parentOf)).toList();
            Instant now = clock.instant();
            customers.setMergedInto(customerId, null);
            customers.setSurvivor(moving, customerId);
            customers.markUnmerged(merge.mergeId(), now, by);
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("mergeId", merge.mergeId());
            data.put("customerId", customerId);
            data.put("unmergedFrom", row.mergedInto());
            data.put("survivorId", row.survivorId());
            data.put("aliases", moving.stream().filter(id -> !id.equals(customerId)).toList());
            // The points split back as they were posted: each record takes its own movements with it.
            data.put("loyaltyPoints", balances(moving).points());
            data.put("survivorLoyaltyPoints", balances(group.stream().map(CustomerRow::customerId)
                    .filter(id -> !moving.contains(id)).toList()).points());
            outbox.append(new OutgoingEvent("customer.unmerged", "customer|" + row.survivorId(), null, now, data));
            return new Unmerged(customerId, row.mergedInto(), merge.mergeId(),
                    moving.stream().filter(id -> !id.equals(customerId)).toList(), false);
        });
        log.info("event=customer.unmerged customerId={} unmergedFrom={} mergeId={} by={} replay={}", unmerged.customerId(),
                unmerged.unmergedFrom(), unmerged.mergeId(), by, unmerged.replay());
        return unmerged;
    }

    /**
     * Erases the person behind {@code customerId}: the whole merge group (survivor and aliases) loses its names,
     * emails, phones, field values and source links; the ids stay, so sales and journals that refer to them stay
     * whole. An erased email or phone no longer matches: a later submission with it makes a new customer.
     */
    public Erased erase(String customerId, String by) {
        Erased erased = writes.write(() -> {
            CustomerRow row = customers.customer(customerId).orElseThrow(() -> notFound(customerId));
            List<CustomerRow> group = customers.group(row.survivorId());
            CustomerRow root = group.stream().filter(r -> r.customerId().equals(row.survivorId())).findFirst().orElseThrow();
            List<String> ids = group.stream().map(CustomerRow::customerId).toList();
            if (root.erased()) {
                return new Erased(root.customerId(), ids, root.erasedAt(), true);
            }
            Instant now = clock.instant();
            List<Map<String, String>> sourceIds = customers.sourceIds(ids).stream()
                    .map(s -> Map.of("source", s.source(), "sourceId", s.sourceId())).toList();
            customers.erase(ids, now, by, root.customerId(), json.writeValueAsString(ids));
            loyalty.eraseReasons(ids);
            // Ids only, plus each system's own id for the customer, so every system can find and erase its copy.
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("customerId", root.customerId());
            data.put("erasedIds", ids);
            data.put("sourceIds", sourceIds);
            outbox.append(new OutgoingEvent("customer.erased", "customer|" + root.customerId(), null, now, data));
            return new Erased(root.customerId(), ids, now, false);
        });
        log.info("event=customer.erased customerId={} records={} by={} replay={}", erased.customerId(), erased.erasedIds().size(),
                by, erased.replay());
        return erased;
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    /** Whether {@code system} may set a field: the hub owns customers, so anyone may, unless the contract gives it to one system. */
    private boolean mayStore(CustomerField field, String system) {
        String owner = specificOwner(field);
        return owner == null || owner.equals(system);
    }

    /** The system the contract gives the field to, or null when the hub owns it. */
    public String specificOwner(CustomerField field) {
        String owner = contract.ownerOf(field.contractName());
        return Contract.HUB.equals(owner) ? null : owner;
    }

    /**
     * Whether a value sent is the one held: an email given again in another letter case or Unicode form is the same
     * address as written (the key it matched by is equal too), not a change worth a write. Cashiers type emails in
     * capitals; the customer's record should not flip with every register.
     */
    private static boolean sameAsHeld(CustomerField field, String held, String sent) {
        return held.equals(sent) || field == CustomerField.EMAIL && EmailAddress.sameAsWritten(held, sent);
    }

    private static Map<CustomerField, String> values(EmailAddress email, PhoneNumber phone, String firstName, String lastName,
                                                     String loyaltyTier) {
        Map<CustomerField, String> values = new EnumMap<>(CustomerField.class);
        if (email != null) {
            values.put(CustomerField.EMAIL, email.given());
        }
        if (phone != null) {
            values.put(CustomerField.PHONE, phone.e164());
        }
        putIfUsable(values, CustomerField.FIRST_NAME, firstName, MAX_NAME_LENGTH);
        putIfUsable(values, CustomerField.LAST_NAME, lastName, MAX_NAME_LENGTH);
        putIfUsable(values, CustomerField.LOYALTY_TIER, loyaltyTier, MAX_TIER_LENGTH);
        return values;
    }

    private static void putIfUsable(Map<CustomerField, String> values, CustomerField field, String value, int max) {
        if (!blank(value) && value.strip().length() <= max) {
            values.put(field, value.strip());
        }
    }

    private static boolean descendsFrom(String id, String ancestor, Map<String, String> parentOf) {
        Set<String> seen = new LinkedHashSet<>();
        for (String at = id; at != null && seen.add(at); at = parentOf.get(at)) {
            if (at.equals(ancestor)) {
                return true;
            }
        }
        return false;
    }

    private static List<String> aliasesOf(List<CustomerRow> group, String survivorId) {
        return group.stream().map(CustomerRow::customerId).filter(id -> !id.equals(survivorId)).toList();
    }

    private String newCustomerId() {
        return CustomerIds.next(clock.instant(), random);
    }

    /**
     * Two hub instances creating the same new customer at once: one insert of the key loses. Run again, the work
     * finds what the other committed. The database's message may quote the key (personal data), so it is dropped.
     */
    private static <T> T retryingOnceOnDuplicateKey(Supplier<T> write) {
        try {
            return write.get();
        } catch (DuplicateKeyException first) {
            try {
                return write.get();
            } catch (DuplicateKeyException again) {
                throw new ProblemException(ErrorCode.STATE_CONFLICT, "Another request changed this customer at the same moment; send it again");
            }
        }
    }

    private static <T> T quietly(Supplier<T> parse) {
        try {
            return parse.get();
        } catch (IllegalArgumentException unusable) {
            return null;
        }
    }

    private static String value(Map<CustomerField, Survivorship.Choice> fields, CustomerField field) {
        Survivorship.Choice choice = fields.get(field);
        return choice == null ? null : choice.chosen().value();
    }

    private static ProblemException notFound(String customerId) {
        return ProblemException.notFound("No customer with id '" + customerId + "'");
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
