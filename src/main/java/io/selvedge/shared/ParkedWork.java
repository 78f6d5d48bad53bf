package io.selvedge.shared;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Out-of-order delivery (DESIGN, sales): work that arrived before what it needs is parked here, then applied once
 * by the write that records what it waited for, never refused for coming early and never lost. One parking place
 * for every module, each kind owned by one module (sales: {@code RETURN}, {@code VOID}; transfers: {@code RECEIPT}).
 * A parked command is stored as its module's validated command, without customer personal data (park the customer
 * id instead), so customer erasure has nothing to reach here. The lifecycle is state: {@link #PARKED} then
 * {@link #APPLIED} or {@link #REFUSED}, with the answer either gave. Every method runs inside a write.
 *
 * <p>{@code arrived} arguments are a SQL condition, from the owning module, true when the key {@code w.wait_for} has
 * arrived (e.g. {@code EXISTS (SELECT 1 FROM sales_order o WHERE o.order_ref = w.wait_for)}).
 */
public interface ParkedWork {

    String PARKED = "PARKED";
    String APPLIED = "APPLIED";
    String REFUSED = "REFUSED";

    record Key(String kind, String id) {
    }

    record Parked(String kind, String id, String location, LocalDate businessDay, String bodyHash, String status, Instant receivedAt,
                  Instant resolvedAt, Integer responseStatus, String response, List<String> waitingFor) {

        public Key key() {
            return new Key(kind, id);
        }

        public boolean waiting() {
            return PARKED.equals(status);
        }

        /**
         * Its row in a module's listing of parked work: {@code idField} names the id, {@code about} is what the module
         * adds, {@code waitingStatus} the status shown while it waits; overdue when it has waited since before
         * {@code overdueBefore}, and with the answer it gave once resolved.
         */
        public Map<String, Object> listed(String idField, Map<String, Object> about, String waitingStatus, Instant now,
                                          Instant overdueBefore, tools.jackson.databind.json.JsonMapper json) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put(idField, id);
            row.putAll(about);
            row.put("status", waiting() ? waitingStatus : status);
            row.put("receivedAt", receivedAt.toString());
            row.put("parkedSeconds", Duration.between(receivedAt, resolvedAt == null ? now : resolvedAt).toSeconds());
            row.put("overdue", waiting() && receivedAt.isBefore(overdueBefore));
            if (resolvedAt != null) {
                row.put("resolvedAt", resolvedAt.toString());
                row.put("result", json.readTree(response));
            }
            return row;
        }
    }

    /** Parks a command with the 202 answer it gives while it waits; {@code waitingFor} is never empty. */
    void park(Key key, String location, LocalDate businessDay, String bodyHash, String command, List<String> waitingFor, String response,
              Instant at);

    /** The work parked under {@code id} as any of {@code kinds}. */
    Optional<Parked> find(Collection<String> kinds, String id);

    /** Locks the parked row and tells whether it still waits (another instance may have applied it meanwhile). */
    boolean lock(Key key);

    String command(Key key);

    /** Work of {@code kinds} still parked that waits (among others perhaps) for {@code waitFor}, oldest first. */
    List<Key> waitingFor(Collection<String> kinds, String waitFor);

    /** What {@code key} still waits for: the keys for which {@code arrived} is false. */
    List<String> missing(Key key, String arrived);

    /** Work of {@code kinds} still parked whose every key has arrived: the janitor's work, oldest first. */
    List<Key> ready(Collection<String> kinds, String arrived, int limit);

    /**
     * Work of {@code kind} still parked whose command contains {@code fragment}, in id order after {@code afterId}
     * (from the first when null): a pass over what a one-off rewrite still has to do.
     */
    List<Key> parkedContaining(String kind, String fragment, String afterId, int limit);

    /** Replaces what a parked row will run, e.g. to drop what it must not keep; the caller holds its {@link #lock}. */
    void rewrite(Key key, String command);

    /** Sets the outcome once; a second resolution is a bug. */
    void resolve(Key key, String status, int responseStatus, String response, Instant at);

    /** Parked work of {@code kinds} by status (all when null), of one location and received before {@code before} when given. */
    List<Parked> list(Collection<String> kinds, String status, String location, Instant before, int limit);

    long count(Collection<String> kinds, String status, Instant before);
}
