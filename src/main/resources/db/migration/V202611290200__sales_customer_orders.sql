-- A customer's history (GET /api/v1/customers/{id}/orders): the orders recorded under each id of the customer's
-- merge group, newest first, in keyset pages on (occurred_at, order_ref). Without it every page is a scan of
-- sales_order.
CREATE INDEX sales_order_customer ON sales_order (customer_id, occurred_at, order_ref);
