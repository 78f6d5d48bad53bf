package io.selvedge.events;

import io.selvedge.contract.Caller;
import io.selvedge.contract.ContractGuard;
import io.selvedge.events.delivery.Delivery;
import io.selvedge.events.delivery.Dispatcher;
import io.selvedge.events.delivery.WebhookClient;
import io.selvedge.events.domain.DeadLetter;
import io.selvedge.events.domain.DeliveryOutcome;
import io.selvedge.events.domain.StoredEvent;
import io.selvedge.events.jdbc.JdbcDeadLetters;
import io.selvedge.events.jdbc.JdbcOutbox;
import io.selvedge.events.jdbc.JdbcSubscriptions;
import io.selvedge.shared.ErrorCode;
import io.selvedge.shared.ProblemException;
import io.selvedge.shared.WriteTransactions;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * The dead-letter list (DESIGN invariant 7): what a subscription did not take after every retry, until an
 * operator replays it. A replay delivers once, now, outside any transaction; a replayed entry is kept,
 * marked REPLAYED, so replaying it again sends nothing (the effect of one).
 */
@Service
public class DeadLetters {

    public static final String REPLAY_MESSAGE = "dead-letter.replay";
    /** A replay's claim older than this is taken over (its replayer died mid-send; a send times out well before). */
    private static final java.time.Duration CLAIM_LEASE = java.time.Duration.ofMinutes(1);
    private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);

    private final JdbcDeadLetters deadLetters;
    private final JdbcSubscriptions subscriptions;
    private final JdbcOutbox outbox;
    private final Subscriptions subscriptionService;
    private final WebhookClient client;
    private final Dispatcher dispatcher;
    private final WriteTransactions writes;
    private final ContractGuard guard;
    private final Clock clock;

    public DeadLetters(JdbcDeadLetters deadLetters, JdbcSubscriptions subscriptions, JdbcOutbox outbox,
                       Subscriptions subscriptionService, WebhookClient client, Dispatcher dispatcher,
                       WriteTransactions writes, ContractGuard guard, Clock clock) {
        this.deadLetters = deadLetters;
        this.subscriptions = subscriptions;
        this.outbox = outbox;
        this.subscriptionService = subscriptionService;
        this.client = client;
        this.dispatcher = dispatcher;
        this.writes = writes;
        this.guard = guard;
        this.clock = clock;
    }

    /** Operators see every subscription's entries, other systems their own subscriptions'. */
    public List<DeadLetter> list(Caller caller, DeadLetter.Status status, long afterId, int limit) {
        return deadLetters.list(subscriptionService.visibleTo(caller), status, afterId, limit);
    }

    public DeadLetter replay(Caller caller, long id) {
        guard.requireWriter(caller, REPLAY_MESSAGE);
        DeadLetter letter = deadLetters.find(id).orElseThrow(() -> ProblemException.notFound("No dead letter " + id));
        if (letter.status() == DeadLetter.Status.REPLAYED) {
            return letter;
        }
        JdbcSubscriptions.Row row = subscriptions.find(letter.subscriptionId()).orElseThrow();
        if (row.deleted()) {
            throw new ProblemException(ErrorCode.STATE_CONFLICT, "subscription '" + letter.subscriptionId() + "' was deleted");
        }
        StoredEvent event = outbox.find(letter.sequence()).orElseThrow();
        // claimed in a write before sending: of two replays at once, one sends and the other answers the entry as it is
        Instant claimedAt = clock.instant();
        boolean claimed = writes.write(() -> deadLetters.claimForReplay(id, claimedAt, claimedAt.minus(CLAIM_LEASE)));
        if (!claimed) {
            return outcomeOfTheOtherReplay(id);
        }
        DeliveryOutcome outcome;
        try {
            outcome = client.send(row.subscription(), Delivery.of(event));
        } catch (RuntimeException e) {
            outcome = new DeliveryOutcome.Failed(null, e.getClass().getSimpleName());
        }
        DeliveryOutcome sent = outcome;
        Instant now = clock.instant();
        int attempts = letter.attempts() + 1;
        writes.write(() -> {
            if (sent instanceof DeliveryOutcome.Failed failed) {
                deadLetters.recordReplayFailure(id, attempts, failed.status(), failed.error(), now);
            } else {
                deadLetters.markReplayed(id, attempts, now);
            }
            return null;
        });
        dispatcher.deadLettersChanged();
        log.info("event=events.dead-letter-replayed deadLetter={} subscription={} eventId={} by={} delivered={}",
                id, letter.subscriptionId(), letter.eventId(), caller.name(), outcome instanceof DeliveryOutcome.Delivered);
        return deadLetters.find(id).orElseThrow();
    }

    /** Another replay holds the claim: answer what it achieves (it sends once; this one sends nothing). */
    private DeadLetter outcomeOfTheOtherReplay(long id) {
        long deadline = System.nanoTime() + CLAIM_LEASE.toNanos();
        while (deadLetters.replaying(id) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return deadLetters.find(id).orElseThrow();
    }
}
