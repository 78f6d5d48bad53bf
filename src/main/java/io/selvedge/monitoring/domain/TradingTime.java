package io.selvedge.monitoring.domain;

import io.selvedge.contract.TradingHours;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * How much of an interval fell inside a location's trading hours, day by day in the location's own zone
 * (so a 23- or 25-hour DST day counts its real hours). A store is allowed to be quiet at 3 a.m.: silence
 * is measured in trading time only.
 */
public final class TradingTime {

    private TradingTime() {
    }

    /**
     * Trading time in {@code [from, to)}, counted backwards from {@code to} and stopping once it reaches
     * {@code enough}: a flow silent for a year costs as little to judge as one silent for an hour.
     */
    public static Duration between(TradingHours hours, ZoneId zone, Instant from, Instant to, Duration enough) {
        if (!to.isAfter(from)) {
            return Duration.ZERO;
        }
        Duration total = Duration.ZERO;
        LocalDate first = from.atZone(zone).toLocalDate().minusDays(1);
        for (LocalDate day = to.atZone(zone).toLocalDate(); !day.isBefore(first); day = day.minusDays(1)) {
            TradingHours.Window window = hours.days().get(day.getDayOfWeek());
            if (window != null) {
                Instant open = ZonedDateTime.of(day, window.open(), zone).toInstant();
                Instant close = window.close().equals(LocalTime.MIDNIGHT)
                        ? day.plusDays(1).atStartOfDay(zone).toInstant()
                        : ZonedDateTime.of(day, window.close(), zone).toInstant();
                Instant start = open.isAfter(from) ? open : from;
                Instant end = close.isBefore(to) ? close : to;
                if (end.isAfter(start)) {
                    total = total.plus(Duration.between(start, end));
                }
            }
            if (total.compareTo(enough) >= 0) {
                return enough;
            }
        }
        return total;
    }
}
