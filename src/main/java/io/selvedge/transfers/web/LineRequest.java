package io.selvedge.transfers.web;

/** {@code {"sku": "OVS-NAVY-M", "quantity": 5}}; the quantity is read as any number and checked to be an integer. */
public record LineRequest(String sku, Number quantity) {
}
