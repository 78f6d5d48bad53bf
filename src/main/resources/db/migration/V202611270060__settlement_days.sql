-- A closed store day. A day closes once: the drawer counts' hash is kept so the same close replays its
-- first answer (the settlement document, as answered) and other counts are refused.
CREATE TABLE settlement_day (
    store              VARCHAR(64)  NOT NULL,
    business_day       DATE         NOT NULL,
    currency           CHAR(3)      NOT NULL,
    closed_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    closed_by          VARCHAR(64)  NOT NULL,   -- the contract system that closed it: pos, finance or ops
    body_hash          CHAR(64)     NOT NULL,
    transaction_count  INTEGER      NOT NULL,
    late_count         INTEGER      NOT NULL,
    settlement         TEXT         NOT NULL,
    PRIMARY KEY (store, business_day)
);

-- What each register should have held, and what was counted, in minor units.
CREATE TABLE settlement_drawer_count (
    store           VARCHAR(64)  NOT NULL,
    business_day    DATE         NOT NULL,
    register        VARCHAR(64)  NOT NULL,
    expected_minor  BIGINT       NOT NULL,
    counted_minor   BIGINT       NOT NULL,
    currency        CHAR(3)      NOT NULL,
    PRIMARY KEY (store, business_day, register),
    FOREIGN KEY (store, business_day) REFERENCES settlement_day (store, business_day)
);

-- Which close took each store transaction. A transaction is settled exactly once: by the close of its own
-- day, or, when it reached the hub after that day had closed, as an adjustment of the store's next close.
CREATE TABLE settlement_transaction (
    order_ref     VARCHAR(100) PRIMARY KEY,
    store         VARCHAR(64)  NOT NULL,
    business_day  DATE         NOT NULL,   -- the transaction's own business day
    settled_day   DATE         NOT NULL,   -- the close that took it; later than business_day when it arrived late
    FOREIGN KEY (store, settled_day) REFERENCES settlement_day (store, business_day)
);
CREATE INDEX settlement_transaction_day ON settlement_transaction (store, business_day);
