-- Card fees posted from processor files, and the index their matching (and the tie-out) needs.
-- Processor matching (the tie-out and card fees) looks store and channel tenders up by the processor
-- reference the POS or web shop sent; without this index every lookup read every tender.
CREATE INDEX sales_order_tender_reference ON sales_order_tender (reference);

-- The card fees of each processor line, posted once: a line matched by reference to a store's card tender has
-- its fees in exactly one settlement adjustment (the adjusting entry of that store, day and brand).
CREATE TABLE reconciliation_card_fee (
    line_key       CHAR(64)     PRIMARY KEY REFERENCES reconciliation_processor_line (line_key),
    import_id      VARCHAR(40)  NOT NULL REFERENCES reconciliation_import (import_id),   -- the import that posted it
    store          VARCHAR(64)  NOT NULL,
    business_day   DATE         NOT NULL,
    tender         VARCHAR(100) NOT NULL,
    order_ref      VARCHAR(100) NOT NULL,   -- the store transaction whose tender the fees were charged on
    fees_minor     BIGINT       NOT NULL,
    currency       CHAR(3)      NOT NULL,
    adjustment_id  VARCHAR(100) NOT NULL
);
