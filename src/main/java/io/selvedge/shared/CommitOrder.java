package io.selvedge.shared;

/**
 * Makes ids of the sequences that readers follow "after a cursor" (outbox ids, availability sequences) commit in id
 * order, also across hub instances on one database: a transaction calls {@link #enter()} just before it takes the first
 * such id, and holds an exclusive lock from there until it commits. Without it, two instances' transactions could
 * commit ids 11 then 10, and a reader that had already moved past 11 would never see 10.
 *
 * <p>Called inside a write ({@link WriteTransactions#write}); the second and later calls in one transaction cost
 * nothing. The lock is held from the first call to the commit, so callers make that call as late as they can.
 */
public interface CommitOrder {

    void enter();

    /** For code run without a database (unit tests): no ordering needed. */
    CommitOrder NONE = () -> {
    };
}
