/**
 * Value types every module speaks: money, typed ids, the one error-code catalogue, outgoing events,
 * and the seams through which modules write (group-committed transactions, the outbox, idempotency).
 * Plain JDK only, so any module may depend on it.
 */
@org.springframework.modulith.ApplicationModule(type = org.springframework.modulith.ApplicationModule.Type.OPEN)
package io.selvedge.shared;
