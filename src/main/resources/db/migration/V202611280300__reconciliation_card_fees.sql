-- Processor matching (the tie-out and card fees) looks store and channel tenders up by the processor
-- reference the POS or web shop sent; without this index every lookup read every tender.
CREATE INDEX sales_order_tender_reference ON sales_order_tender (reference);
