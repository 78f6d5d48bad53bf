package io.selvedge.events;

import io.selvedge.contract.Caller;
import io.selvedge.contract.Contract;
import io.selvedge.events.delivery.Dispatcher;
import io.selvedge.events.domain.Subscription;
import io.selvedge.events.jdbc.JdbcOutbox;
import io.selvedge.events.jdbc.JdbcSubscriptions;
import io.selvedge.shared.ErrorCode;
import io.selvedge.shared.Hashing;
import io.selvedge.shared.ProblemException;
import io.selvedge.shared.WriteTransactions;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Webhook subscriptions: created by any system the contract lets send {@code subscription}, removed by the
 * system that created them or by an operator (a system that may send {@code dead-letter.replay}).
 * A new subscription receives events committed after it; earlier ones are in the pull feed.
 */
@Service
public class Subscriptions {

    /** The contract message whose senders operate the hub's event delivery. */
    public static final String OPERATOR_MESSAGE = DeadLetters.REPLAY_MESSAGE;

    private static final Logger log = LoggerFactory.getLogger(Subscriptions.class);

    private final JdbcSubscriptions subscriptions;
    private final JdbcOutbox outbox;
    private final WriteTransactions writes;
    private final Dispatcher dispatcher;
    private final Contract contract;
    private final Clock clock;

    public Subscriptions(JdbcSubscriptions subscriptions, JdbcOutbox outbox, WriteTransactions writes, Dispatcher dispatcher,
                         Contract contract, Clock clock) {
        this.subscriptions = subscriptions;
        this.outbox = outbox;
        this.writes = writes;
        this.dispatcher = dispatcher;
        this.contract = contract;
        this.clock = clock;
    }

    /** The outcome of a create: the subscription, and whether it existed already (an idempotent replay). */
    public record Created(Subscription subscription, boolean replay) {
    }

    private sealed interface Outcome {
    }

    private record Made(Subscription subscription, boolean replay) implements Outcome {
    }

    private record Refused(ErrorCode code, String detail) implements Outcome {
    }

    public Created create(CreateSubscription request) {
        String bodyHash = Hashing.sha256Hex(String.join("\n", request.createdBy(), request.url(),
                String.join(",", request.events()), String.join(",", request.locations()), request.secret()));
        String id = request.subscriptionId() != null ? request.subscriptionId() : UUID.randomUUID().toString();
        Instant now = clock.instant();
        Subscription fresh = new Subscription(id, request.url(), new LinkedHashSet<>(request.events()),
                new LinkedHashSet<>(request.locations()), request.secret(), request.createdBy(), now);
        Outcome outcome = writes.write(() -> {
            Optional<JdbcSubscriptions.Row> existing = request.subscriptionId() != null ? subscriptions.find(id)
                    : subscriptions.findActive(request.createdBy(), bodyHash);
            if (existing.isPresent()) {
                JdbcSubscriptions.Row row = existing.get();
                if (!row.bodyHash().equals(bodyHash)) {
                    return new Refused(ErrorCode.IDEMPOTENCY_CONFLICT, "subscription '" + id + "' was already created with a different body");
                }
                if (row.deleted()) {
                    return new Refused(ErrorCode.STATE_CONFLICT, "subscription '" + id + "' was deleted; use another subscriptionId");
                }
                return new Made(row.subscription(), true);
            }
            // Starts after the last committed event: the writer thread commits in id order, so nothing earlier can appear.
            subscriptions.insert(fresh, bodyHash, outbox.lastId());
            return new Made(fresh, false);
        });
        if (outcome instanceof Refused refused) {
            throw new ProblemException(refused.code(), refused.detail());
        }
        Made made = (Made) outcome;
        if (!made.replay()) {
            log.info("event=events.subscribed subscription={} system={} events={}", id, request.createdBy(), request.events());
            dispatcher.subscriptionsChanged();
        }
        return new Created(made.subscription(), made.replay());
    }

    /** An operator sees every active subscription; any other system its own. */
    public List<Subscription> list(Caller caller) {
        List<JdbcSubscriptions.Row> rows = isOperator(caller) ? subscriptions.active() : subscriptions.activeOf(caller.name());
        return rows.stream().map(JdbcSubscriptions.Row::subscription).toList();
    }

    /**
     * Each active subscription's backlog, taken now: an operator sees every subscription's, any other system its own
     * (only ids and counts, but whom a system's peers subscribe is theirs to know).
     */
    public List<SubscriberBacklog> backlogs(Caller caller) {
        boolean operator = isOperator(caller);
        return dispatcher.backlogs().stream().filter(b -> operator || b.system().equals(caller.name())).toList();
    }

    /** Ids of the subscriptions whose dead letters {@code caller} may see; null = all. */
    List<String> visibleTo(Caller caller) {
        return isOperator(caller) ? null : subscriptions.activeOf(caller.name()).stream().map(r -> r.subscription().id()).toList();
    }

    public void delete(Caller caller, String id) {
        JdbcSubscriptions.Row row = subscriptions.find(id)
                .orElseThrow(() -> ProblemException.notFound("No subscription '" + id + "'"));
        if (!row.subscription().createdBy().equals(caller.name()) && !isOperator(caller)) {
            throw new ProblemException(ErrorCode.NOT_OWNER, "subscription '" + id + "' belongs to system '"
                    + row.subscription().createdBy() + "'; only it or an operator may delete it", List.of(),
                    Map.of("subscriptionId", id));
        }
        if (row.deleted()) {
            return;
        }
        Instant now = clock.instant();
        writes.write(() -> {
            subscriptions.markDeleted(id, caller.name(), now);
            return null;
        });
        log.info("event=events.unsubscribed subscription={} system={}", id, caller.name());
        dispatcher.subscriptionsChanged();
    }

    boolean isOperator(Caller caller) {
        return contract.writersOf(OPERATOR_MESSAGE).contains(caller.name());
    }
}
