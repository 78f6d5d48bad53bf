package io.selvedge.inventory.web;

/**
 * A line of a movement, allocation or reservation: {@code {"sku": "OVS-NAVY-M", "quantity": 5}}. The quantity is
 * read as any number and checked to be an integer, so 1.5 is refused rather than truncated.
 */
public record LineRequest(String sku, Number quantity) {
}
