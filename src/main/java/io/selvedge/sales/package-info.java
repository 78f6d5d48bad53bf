/**
 * Sales as the POS and the web shop report them: store transactions (sales, returns, exchanges, voids), web and
 * wholesale orders, offline batches, each idempotent by its own id, with their stock effect posted to the ledger,
 * their customer linked, and their manager overrides, discounts and employee sales kept in an audit trail.
 * Returns and exchanges ({@link io.selvedge.sales.Returns}) live here rather than in a module of their own: they arrive
 * on the same endpoint under the same idempotency, and a return parked before its sale must be posted in the sale's
 * own write, so the two cannot be split without a cycle.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"shared", "contract", "catalog", "inventory", "customers"})
package io.selvedge.sales;
