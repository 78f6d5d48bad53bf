/**
 * ARTS/NRF POSLog XML in: {@code POST /api/v1/pos/poslog} streams a document, maps each transaction to the canonical POS
 * transaction and posts it through {@link io.selvedge.sales.SalesIntake}, the JSON API's own idempotent path. The mapping
 * and the dialects it reads are in docs/formats/poslog.md.
 */
package io.selvedge.sales.poslog;
