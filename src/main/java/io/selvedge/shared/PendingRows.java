package io.selvedge.shared;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Rows a transaction appends to an insert-only table, written as one batch just before it commits rather than one
 * round trip each: a group commit of many sales then writes, say, all its outbox rows at once. Rows keep the order
 * they were added in, and are dropped if the transaction rolls back.
 */
public final class PendingRows<T> implements TransactionSynchronization {

    private final Object owner;
    private final Consumer<List<T>> flush;
    private final List<T> rows = new ArrayList<>();

    private PendingRows(Object owner, Consumer<List<T>> flush) {
        this.owner = owner;
        this.flush = flush;
    }

    /**
     * The pending rows of {@code owner} in the current transaction, registered to be flushed before it commits; or
     * empty when no transaction is active (the caller then writes at once).
     */
    @SuppressWarnings("unchecked")
    public static <T> java.util.Optional<PendingRows<T>> of(Object owner, Consumer<List<T>> flush) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            return java.util.Optional.empty();
        }
        PendingRows<T> pending = (PendingRows<T>) TransactionSynchronizationManager.getResource(owner);
        if (pending == null) {
            pending = new PendingRows<>(owner, flush);
            TransactionSynchronizationManager.bindResource(owner, pending);
            TransactionSynchronizationManager.registerSynchronization(pending);
        }
        return java.util.Optional.of(pending);
    }

    public void addAll(List<T> more) {
        rows.addAll(more);
    }

    /** What is pending, for a read that must see this transaction's own rows. */
    public List<T> rows() {
        return rows;
    }

    @Override
    public void beforeCommit(boolean readOnly) {
        if (!rows.isEmpty()) {
            flush.accept(List.copyOf(rows));
            rows.clear();
        }
    }

    @Override
    public void afterCompletion(int status) {
        rows.clear();
        TransactionSynchronizationManager.unbindResourceIfPossible(owner);
    }
}
