package io.selvedge.reconciliation.domain;

import java.util.function.Supplier;

/** A file read as its format: accepted whole, or refused with where and why. Never half. */
public sealed interface Parsed<T> {

    record Accepted<T>(T value) implements Parsed<T> {
    }

    record Refused<T>(String location, String reason) implements Parsed<T> {
    }

    /** Runs a parser, turning its {@link Malformed} into a refusal. */
    static <T> Parsed<T> of(Supplier<T> parse) {
        try {
            return new Accepted<>(parse.get());
        } catch (Malformed e) {
            return new Refused<>(e.location(), e.reason());
        }
    }
}
