package io.selvedge.shared;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class ServerTimingTest {

    @Test
    void totalFirstThenEachPhaseInTheOrderFirstAddedWithRepeatsSummed() {
        ServerTiming timing = new ServerTiming();
        timing.record("validate", 250_400);
        timing.record("work", 1_000_000);
        timing.record("validate", 100_000);
        assertThat(timing.header(12_345_678)).isEqualTo("total;dur=12.346, validate;dur=0.350, work;dur=1.000");
    }

    @Test
    void addingOutsideATimedRequestIsANoOpAndTimedWorkStillRuns() {
        ServerTiming.use(null);
        ServerTiming.add("work", 5);
        assertThat(ServerTiming.timed("work", () -> 42)).isEqualTo(42);
        assertThat(ServerTiming.current()).isNull();
    }

    @Test
    void theCurrentTimingCollectsWhatIsAddedUntilReplaced() {
        ServerTiming mine = new ServerTiming();
        ServerTiming before = ServerTiming.use(mine);
        try {
            ServerTiming.add("stock", 2_000);
            ServerTiming.timed("customer", () -> "done");
            assertThat(mine.phases()).containsOnlyKeys("stock", "customer").containsEntry("stock", 2_000L);
        } finally {
            ServerTiming.use(before);
        }
    }

    @Property
    void millisecondsAreWrittenAsTheFormatterWould(@ForAll @LongRange(min = 0, max = 10_000_000_000L) long nanos) {
        String header = new ServerTiming().header(nanos);
        String expected = new java.math.BigDecimal(nanos).divide(java.math.BigDecimal.valueOf(1_000_000))
                .setScale(3, java.math.RoundingMode.HALF_UP).toPlainString();
        assertThat(header).isEqualTo("total;dur=" + expected);
    }
}
