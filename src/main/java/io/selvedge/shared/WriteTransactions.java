package io.selvedge.shared;

import java.util.function.Supplier;

/**
 * The only way modules change the database. Concurrent writes are grouped into one database
 * transaction (group commit); {@code write} returns only after the transaction holding the work has
 * committed, so an answer sent to a client is always durable (DESIGN invariant 3).
 *
 * <p>The work may run more than once (a failed group is retried one work at a time), so it must have
 * no effect outside the database, and must not swallow exceptions thrown by the database.
 */
public interface WriteTransactions {

    <T> T write(Supplier<T> work);
}
