/**
 * The central double-entry ledger of units: on-hand, in-transit and two-phase holds per location and SKU,
 * movements, counts, allocations, reservations, and the available-to-sell broadcast with its
 * per-location, per-SKU sequences. Other modules post stock effects through {@link io.selvedge.inventory.StockLedger}.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"shared", "contract", "catalog"})
package io.selvedge.inventory;
