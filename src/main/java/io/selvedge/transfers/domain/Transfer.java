package io.selvedge.transfers.domain;

import java.util.List;

/**
 * A transfer's lifecycle as types: a {@link CreatedTransfer} is shipped once ({@link ShippedTransfer}), which is
 * received once ({@link ReceivedTransfer}); only those transitions exist, so code cannot receive twice.
 */
public sealed interface Transfer permits CreatedTransfer, ShippedTransfer, ReceivedTransfer {

    enum Status { CREATED, SHIPPED, RECEIVED }

    TransferHeader header();

    List<TransferLine> lines();

    Status status();
}
