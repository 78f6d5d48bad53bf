package io.selvedge.transfers;

import io.selvedge.transfers.domain.Transfer;

/** The answer to creating, shipping or receiving a transfer: done, unknown, in the wrong state, or at a bad time. */
public sealed interface TransferOutcome {

    /** The transfer as it now stands, and the highest availability sequence the change wrote (0 if none). */
    record Done(Transfer transfer, long sequence) implements TransferOutcome {
    }

    record Unknown(String transferRef) implements TransferOutcome {
    }

    /** The transfer is not in the state the change needs (received before it was shipped, received twice). */
    record Conflict(String detail) implements TransferOutcome {
    }

    /** A field of the request does not fit the transfer (a receipt dated before the shipment). */
    record Invalid(String field, String message) implements TransferOutcome {
    }
}
