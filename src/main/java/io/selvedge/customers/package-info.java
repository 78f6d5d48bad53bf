/**
 * One customer id across store and web, owned by the hub: matching (normalised email, then E.164 phone),
 * source ids linked to the customer, merges with recorded survivorship (reversible), and erasure.
 * Other modules resolve customers through {@link io.selvedge.customers.CustomerDirectory}. Personal data (emails,
 * phones, names) lives only in the customer tables: events, audit rows and logs carry ids.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"shared", "contract"})
package io.selvedge.customers;
