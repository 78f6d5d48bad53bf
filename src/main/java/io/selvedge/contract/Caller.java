package io.selvedge.contract;

/** The system behind an authenticated request. Every API call has exactly one. */
public record Caller(Contract.SystemDef system) {

    public String name() {
        return system.name();
    }
}
