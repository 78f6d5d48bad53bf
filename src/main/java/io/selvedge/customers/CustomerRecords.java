package io.selvedge.customers;

import java.util.List;

/**
 * The records that are one customer now: {@code customerId} is the survivor, {@code recordIds} it and every id merged
 * into it. Transactions and movements keep the id they were recorded under, so a customer's history is what refers
 * to any of these ids; after an unmerge the ids, and with them the history, split back.
 */
public record CustomerRecords(String customerId, List<String> recordIds) {

    public CustomerRecords {
        recordIds = List.copyOf(recordIds);
    }
}
