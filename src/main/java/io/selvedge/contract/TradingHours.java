package io.selvedge.contract;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.EnumMap;
import java.util.Map;

/**
 * When a location trades, per day of week, in its own zone. Monitoring only calls a store silent
 * during these hours: a store is allowed to be quiet at 3 a.m.
 */
public record TradingHours(Map<DayOfWeek, Window> days) {

    public record Window(LocalTime open, LocalTime close) {
        boolean contains(LocalTime time) {
            // close 00:00 means midnight at the end of the day
            return !time.isBefore(open) && (close.equals(LocalTime.MIDNIGHT) || time.isBefore(close));
        }
    }

    public static TradingHours always() {
        Map<DayOfWeek, Window> all = new EnumMap<>(DayOfWeek.class);
        for (DayOfWeek day : DayOfWeek.values()) {
            all.put(day, new Window(LocalTime.MIDNIGHT, LocalTime.MIDNIGHT));
        }
        return new TradingHours(all);
    }

    public boolean isTrading(Instant instant, ZoneId zone) {
        ZonedDateTime local = instant.atZone(zone);
        Window window = days.get(local.getDayOfWeek());
        return window != null && window.contains(local.toLocalTime());
    }
}
