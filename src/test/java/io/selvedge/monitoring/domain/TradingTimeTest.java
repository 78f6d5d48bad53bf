package io.selvedge.monitoring.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.selvedge.contract.TradingHours;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TradingTimeTest {

    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    private static final Duration DAY = Duration.ofDays(1);

    /** SoHo in the demo contract: mon-sat 10:00-21:00, sun 11:00-19:00. */
    private static TradingHours soho() {
        Map<DayOfWeek, TradingHours.Window> days = new EnumMap<>(DayOfWeek.class);
        for (DayOfWeek day : DayOfWeek.values()) {
            days.put(day, day == DayOfWeek.SUNDAY ? new TradingHours.Window(LocalTime.of(11, 0), LocalTime.of(19, 0))
                    : new TradingHours.Window(LocalTime.of(10, 0), LocalTime.of(21, 0)));
        }
        return new TradingHours(days);
    }

    @Test
    void countsOnlyTheHoursTheStoreTrades() {
        // Saturday 20:50 New York to Sunday 11:25: ten minutes on Saturday, twenty-five on Sunday
        Instant from = Instant.parse("2026-11-29T01:50:00Z");
        Instant to = Instant.parse("2026-11-29T16:25:00Z");
        assertThat(TradingTime.between(soho(), NEW_YORK, from, to, DAY)).isEqualTo(Duration.ofMinutes(35));
    }

    @Test
    void aNightIsFreeOfCharge() {
        Instant closing = Instant.parse("2026-11-29T02:00:00Z"); // Saturday 21:00 New York
        Instant beforeOpening = Instant.parse("2026-11-29T15:59:00Z"); // Sunday 10:59
        assertThat(TradingTime.between(soho(), NEW_YORK, closing, beforeOpening, DAY)).isZero();
    }

    @Test
    void stopsCountingOnceEnoughIsReached() {
        Instant from = Instant.parse("2025-01-01T00:00:00Z");
        Instant to = Instant.parse("2026-11-29T16:25:00Z");
        assertThat(TradingTime.between(soho(), NEW_YORK, from, to, Duration.ofMinutes(30))).isEqualTo(Duration.ofMinutes(30));
    }

    @Test
    void aDaylightSavingDayCountsItsRealHours() {
        // 2026-03-08: clocks in New York go from 02:00 to 03:00; trading all day is 23 hours
        Instant from = Instant.parse("2026-03-08T05:00:00Z"); // 00:00 EST
        Instant to = Instant.parse("2026-03-09T04:00:00Z");   // 00:00 EDT next day
        assertThat(TradingTime.between(TradingHours.always(), NEW_YORK, from, to, Duration.ofDays(2))).isEqualTo(Duration.ofHours(23));
    }

    @Test
    void aLocationWithoutHoursTradesAllDay() {
        Instant from = Instant.parse("2026-11-29T03:00:00Z");
        assertThat(TradingTime.between(TradingHours.always(), NEW_YORK, from, from.plus(Duration.ofMinutes(90)), DAY))
                .isEqualTo(Duration.ofMinutes(90));
    }
}
