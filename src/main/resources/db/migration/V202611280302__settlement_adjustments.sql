-- Adjusting entries that do not come from the day's transactions: card fees a processor charged on a
-- store's card payments of a day. Facts, inserted once: adjustment_id is the sender's idempotency key.
CREATE TABLE settlement_adjustment (
    adjustment_id  VARCHAR(100) PRIMARY KEY,
    kind           VARCHAR(16)  NOT NULL,   -- CARD_FEES
    store          VARCHAR(64)  NOT NULL,
    business_day   DATE         NOT NULL,   -- the day it adjusts: when the payments were taken
    tender         VARCHAR(100) NOT NULL,   -- CARD-VISA ...
    amount_minor   BIGINT       NOT NULL,   -- fees charged (positive) or given back (negative)
    currency       CHAR(3)      NOT NULL,
    memo           VARCHAR(400) NOT NULL,
    received_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    received_from  VARCHAR(64)  NOT NULL
);

-- Where each adjustment posted: the entry, and the closed day whose journal holds it.
CREATE TABLE settlement_adjustment_posting (
    adjustment_id  VARCHAR(100) PRIMARY KEY REFERENCES settlement_adjustment (adjustment_id),
    entry_id       VARCHAR(200) NOT NULL,
    store          VARCHAR(64)  NOT NULL,
    posted_day     DATE         NOT NULL,
    FOREIGN KEY (store, posted_day) REFERENCES settlement_day (store, business_day)
);
CREATE INDEX settlement_adjustment_posting_day ON settlement_adjustment_posting (store, posted_day);

-- Adjustments waiting for a close (a work queue, not facts: a row leaves when its adjustment posts): one whose
-- day was still open waits for that day's close; one whose day's journal finance had already approved waits
-- for the store's next close, since an approved journal never changes.
CREATE TABLE settlement_adjustment_pending (
    adjustment_id  VARCHAR(100) PRIMARY KEY REFERENCES settlement_adjustment (adjustment_id),
    store          VARCHAR(64)  NOT NULL,
    business_day   DATE         NOT NULL
);
CREATE INDEX settlement_adjustment_pending_day ON settlement_adjustment_pending (store, business_day);
