package io.selvedge.monitoring.domain;

import java.util.Objects;

/**
 * One monitored row: a flow, the system on the other end, and a location, or {@code null} for the row that
 * covers all of the system's locations (and for flows that have no location, such as the catalogue).
 */
public record FlowKey(String flow, String system, String location) {

    public FlowKey {
        Objects.requireNonNull(flow, "flow");
        Objects.requireNonNull(system, "system");
    }

    public static FlowKey of(String flow, String system) {
        return new FlowKey(flow, system, null);
    }

    public boolean isAllLocations() {
        return location == null;
    }

    /** The row covering every location of this flow and system. */
    public FlowKey allLocations() {
        return location == null ? this : new FlowKey(flow, system, null);
    }

    @Override
    public String toString() {
        return flow + "/" + system + "/" + (location == null ? "*" : location);
    }
}
