/**
 * End of day for stores: closing a business day with its drawer counts into a settlement (tender totals,
 * voids, discounts, tax, employee sales, cash over/short), and the balanced journal finance posts from it,
 * one entry per store, day and tender type, exported as JSON and CSV and approved once by finance.
 * Transactions that reach a day after it closed are never folded into it: they become adjusting entries of
 * the store's next close. Adjusting entries from outside the day's transactions (the card fees a processor charged,
 * posted by reconciliation through {@link io.selvedge.settlement.AdjustingEntries}) join a closed day's journal until
 * finance approves it, and a later close's after. Reads the day's transactions through {@link io.selvedge.sales.SalesDays}.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"shared", "contract", "sales"})
package io.selvedge.settlement;
