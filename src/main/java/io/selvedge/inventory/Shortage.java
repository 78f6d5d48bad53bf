package io.selvedge.inventory;

/** A SKU a channel could not hold: what was asked and what was available to sell. */
public record Shortage(String sku, long requested, long available) {
}
