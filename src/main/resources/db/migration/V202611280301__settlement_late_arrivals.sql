-- Late arrivals (transactions of a closed day that reached the hub after its close) are looked for among
-- the transactions recorded at or after late_after: the close's time less a margin that covers a write
-- in flight while the close read the day. Each close then reads, per closed day, only the index entries
-- of that day's last minutes, instead of counting every transaction of every closed day.
ALTER TABLE settlement_day ADD COLUMN late_after TIMESTAMP WITH TIME ZONE;
-- days closed before this change keep being searched whole, as they were
UPDATE settlement_day SET late_after = TIMESTAMP WITH TIME ZONE '1970-01-01 00:00:00+00:00';
ALTER TABLE settlement_day ALTER COLUMN late_after SET NOT NULL;

-- The same index as sales_order_day, one column wider, so a day's transactions recorded after a moment
-- are one range of it; a sale still maintains one index on (location, business_day).
DROP INDEX sales_order_day;
CREATE INDEX sales_order_day ON sales_order (location, business_day, recorded_at);

-- Nothing looks settled transactions up by store and day any more (a candidate is checked by its id), and a close
-- inserts a row per transaction: one index less to keep.
DROP INDEX settlement_transaction_day;
