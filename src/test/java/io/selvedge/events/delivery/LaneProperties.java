package io.selvedge.events.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.selvedge.events.domain.StoredEvent;
import io.selvedge.events.domain.Subscription;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;

/**
 * A lane fed by the dispatcher in any interleaving with its drain (including pauses long enough to overflow
 * its queue and fall back to reading the outbox, and a start behind the dispatcher as after a restart)
 * delivers each wanted event exactly once, in outbox order, and its cursor ends at the last event read.
 */
class LaneProperties {

    private static final Subscription WANTS_A = new Subscription("s", "http://127.0.0.1/h", Set.of("a"), Set.of(), "0123456789abcdef",
            "pos", Instant.EPOCH);

    @Property(tries = 500)
    void deliversEveryWantedEventOnceInOrder(@ForAll("types") List<String> outboxTypes, @ForAll("actions") List<Integer> actions,
                                             @ForAll @IntRange(min = 1, max = 6) int queueLimit,
                                             @ForAll @IntRange(min = 1, max = 4) int pageSize,
                                             @ForAll @IntRange(min = 0, max = 100) int startPercent) {
        List<StoredEvent> outbox = new ArrayList<>();
        for (int i = 0; i < outboxTypes.size(); i++) {
            outbox.add(new StoredEvent(i + 1, "e" + (i + 1), outboxTypes.get(i), "k", null, Instant.EPOCH,
                    Instant.EPOCH.plusSeconds(i + 1), "{}"));
        }
        // The dispatcher starts having read some prefix; the subscription's saved cursor is at or before it.
        long readThrough = outbox.size() * startPercent / 100;
        long cursor = readThrough / 2;
        Lane lane = new Lane(WANTS_A, cursor, readThrough, queueLimit);
        List<Long> delivered = new ArrayList<>();
        Drain drain = new Drain(lane, outbox, pageSize, delivered);
        boolean claimed = false;

        for (int action : actions) {
            if (action > 0) {
                // the dispatcher reads `action` more rows and offers them
                int from = (int) readThrough;
                int to = Math.min(outbox.size(), from + action);
                if (to > from) {
                    List<Delivery> matched = outbox.subList(from, to).stream().filter(e -> e.type().equals("a")).map(Delivery::of).toList();
                    lane.offer(matched, to);
                    readThrough = to;
                }
                claimed = claimed || lane.claim();
            } else if (claimed) {
                claimed = drain.step(action == 0);
            }
            assertBacklogIsEveryWantedEventAfterTheCursor(lane, outbox, readThrough);
        }
        for (int from = (int) readThrough; from < outbox.size(); from += 3) {
            int to = Math.min(outbox.size(), from + 3);
            lane.offer(outbox.subList(from, to).stream().filter(e -> e.type().equals("a")).map(Delivery::of).toList(), to);
            readThrough = to;
        }
        claimed = claimed || lane.claim();
        int guard = 0;
        while (claimed && guard++ < 10_000) {
            claimed = drain.step(true);
        }

        List<Long> expected = outbox.stream().filter(e -> e.type().equals("a") && e.sequence() > cursor)
                .map(StoredEvent::sequence).toList();
        assertThat(delivered).isEqualTo(expected);
        assertThat(lane.handledThrough()).isEqualTo(readThrough);
        assertThat(lane.claim()).as("nothing left to do").isFalse();
        assertThat(lane.backlog().held()).isZero();
        assertThat(lane.backlog().hasUnread()).isFalse();
    }

    /** What the lane holds plus what it would read back from the outbox is each wanted event after its cursor, once. */
    private static void assertBacklogIsEveryWantedEventAfterTheCursor(Lane lane, List<StoredEvent> outbox, long readThrough) {
        Lane.Backlog backlog = lane.backlog();
        long handled = lane.handledThrough();
        List<StoredEvent> owed = outbox.stream().filter(e -> e.type().equals("a") && e.sequence() > handled && e.sequence() <= readThrough)
                .toList();
        long unread = outbox.stream().filter(e -> e.type().equals("a") && e.sequence() > backlog.unreadAfter()
                && e.sequence() <= backlog.unreadThrough()).count();
        assertThat(backlog.held() + unread).as("held %s + unread (%s, %s]", backlog.held(), backlog.unreadAfter(), backlog.unreadThrough())
                .isEqualTo(owed.size());
        if (backlog.held() > 0) {
            assertThat(backlog.oldestHeldAt()).as("the oldest held is the oldest owed").isEqualTo(owed.get(0).recordedAt());
        }
    }

    /**
     * The drain, one step at a time: it takes the next step from the lane, or settles the delivery in
     * flight (acknowledged, or failed so it is asked for again), so the dispatcher can act in between.
     */
    private static final class Drain {
        private final Lane lane;
        private final List<StoredEvent> outbox;
        private final int pageSize;
        private final List<Long> delivered;
        private Delivery inFlight;

        Drain(Lane lane, List<StoredEvent> outbox, int pageSize, List<Long> delivered) {
            this.lane = lane;
            this.outbox = outbox;
            this.pageSize = pageSize;
            this.delivered = delivered;
        }

        /** False when the lane went idle (released). */
        boolean step(boolean acknowledge) {
            if (inFlight != null) {
                if (acknowledge) {
                    delivered.add(inFlight.sequence());
                    lane.handled(inFlight);
                }
                inFlight = null;
                return true;
            }
            Lane.Step step = lane.next();
            if (step instanceof Lane.Idle) {
                return false;
            }
            if (step instanceof Lane.Send send) {
                inFlight = send.delivery();
            } else if (step instanceof Lane.Fetch fetch) {
                List<Delivery> page = outbox.stream()
                        .filter(e -> e.sequence() > fetch.after() && e.sequence() <= fetch.through() && e.type().equals("a"))
                        .limit(pageSize).map(Delivery::of).toList();
                long covered = page.size() < pageSize ? fetch.through() : page.get(page.size() - 1).sequence();
                lane.backfilled(page, covered);
            }
            return true;
        }
    }

    @Provide
    Arbitrary<List<String>> types() {
        return Arbitraries.of("a", "b").list().ofMaxSize(40);
    }

    @Provide
    Arbitrary<List<Integer>> actions() {
        // 0 = a drain step (a delivery in flight is acknowledged), -1 = a drain step (it fails),
        // n > 0 = the dispatcher reads n more rows
        return Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.just(0)),
                Tuple.of(1, Arbitraries.just(-1)),
                Tuple.of(1, Arbitraries.integers().between(1, 8))).list().ofMaxSize(80);
    }

}
