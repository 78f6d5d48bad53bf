package io.selvedge.inventory.domain;

import java.util.List;

/**
 * A hold's lifecycle as types (two-phase, as in TigerBeetle): a {@link PendingHold} is either posted
 * ({@link PostedHold}) or voided ({@link VoidedHold}), once; only a pending hold has those transitions, so
 * code cannot post a voided hold.
 */
public sealed interface Hold permits PendingHold, PostedHold, VoidedHold {

    HoldId id();

    List<HeldLine> lines();

    /** Why a pending hold ended without its units moving. */
    enum VoidReason { RELEASED, EXPIRED }
}
