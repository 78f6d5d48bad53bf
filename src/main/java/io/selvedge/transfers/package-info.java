/**
 * Store-to-store transfers: created for a route and lines, shipped (the origin's on-hand goes into the destination's
 * in-transit, flagged when the origin did not have it), and received once with what actually arrived (short units to
 * shrink-in-transit, extra units from found), the discrepancy kept on the transfer. The units move in the inventory
 * ledger through {@link io.selvedge.inventory.TransferStock}; this module keeps the transfer's lifecycle and
 * publishes {@code transfer.shipped} and {@code transfer.received}.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"shared", "contract", "inventory", "catalog"})
package io.selvedge.transfers;
