package io.selvedge.customers.domain;

/**
 * How a submission found its customer, in order of precedence: normalised email, E.164 phone, the source's own
 * id for the customer (already linked), else a new customer.
 */
public enum MatchedBy { EMAIL, PHONE, SOURCE, NEW }
