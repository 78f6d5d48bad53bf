/**
 * One customer id across store and web, owned by the hub: matching (normalised email, then E.164 phone),
 * source ids linked to the customer, merges with recorded survivorship (reversible), and erasure.
 * Other modules resolve customers through {@link io.selvedge.customers.CustomerDirectory}.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"shared", "contract"})
package io.selvedge.customers;
