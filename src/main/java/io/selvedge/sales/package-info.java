/**
 * Sales as the POS and the web shop report them: store transactions (sales, voids), web and wholesale
 * orders, offline batches, each idempotent by its own id, with their stock effect posted to the ledger,
 * their customer linked, and their manager overrides, discounts and employee sales kept in an audit trail.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"shared", "contract", "catalog", "inventory", "customers"})
package io.selvedge.sales;
