-- The changes feed and a publish's announcements find a revision's prices by their revision.
CREATE INDEX price_revision ON price (revision);

-- Prices published before their moment, waiting for price.changed when it comes. The markdown sweep reads this short
-- queue, instead of searching the whole price history for a price never announced every second.
CREATE TABLE price_schedule (
    price_id       BIGINT PRIMARY KEY REFERENCES price (id),
    effective_from TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX price_schedule_due ON price_schedule (effective_from, price_id);

INSERT INTO price_schedule (price_id, effective_from)
SELECT p.id, p.effective_from FROM price p WHERE NOT EXISTS (SELECT 1 FROM price_announcement a WHERE a.price_id = p.id);
