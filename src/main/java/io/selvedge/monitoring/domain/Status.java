package io.selvedge.monitoring.domain;

/** A flow's health, worst last: a failing flow is reported as FAILING even when it is also late. */
public enum Status {
    OK, LATE, SILENT, FAILING
}
