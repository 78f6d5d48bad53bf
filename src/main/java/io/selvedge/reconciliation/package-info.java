/**
 * The tie-out of store tenders against the card processor and the bank: processor settlement files (Adyen
 * settlement details report CSV, Stripe balance transactions JSON) and bank statements (ISO 20022 camt.053,
 * BAI2) imported once each, all or nothing; card tenders matched to settled lines by processor reference (amount,
 * date and last four digits as the fallback); payouts and store cash deposits matched to bank credits; and one
 * view per store, day and tender of POS total, processor gross, fees, net and bank deposit, with every exception
 * by kind. The fees of card payments a store tender carries by reference post, in the import's transaction, as
 * adjusting entries of that store's day ({@link io.selvedge.settlement.AdjustingEntries}), once per line. Reads tenders
 * through {@link io.selvedge.sales.ReceivedTenders} and counted cash through {@link io.selvedge.settlement.SettledDays}.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"shared", "contract", "settlement", "sales"})
package io.selvedge.reconciliation;
