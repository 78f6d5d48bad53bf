-- Store-to-store transfers (DESIGN: ship origin -> in-transit, receive in-transit -> destination, discrepancies
-- to shrink). The units themselves are in the ledger (TRANSFER_SHIP / TRANSFER_RECEIVE movements); these rows
-- keep the transfer's lifecycle and, per SKU, what was planned, shipped and received. Each phase writes its
-- columns once: CREATED -> SHIPPED -> RECEIVED.
CREATE TABLE transfer_order (
    transfer_ref   VARCHAR(100) PRIMARY KEY,
    from_location  VARCHAR(64)  NOT NULL,
    to_location    VARCHAR(64)  NOT NULL,
    status         VARCHAR(16)  NOT NULL,   -- CREATED | SHIPPED | RECEIVED
    created_by     VARCHAR(64)  NOT NULL,
    created_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    shipped_by     VARCHAR(64),
    shipped_at     TIMESTAMP WITH TIME ZONE,
    received_by    VARCHAR(64),
    received_at    TIMESTAMP WITH TIME ZONE,
    CHECK (from_location <> to_location)
);
CREATE INDEX transfer_order_to ON transfer_order (to_location, status);
CREATE INDEX transfer_order_from ON transfer_order (from_location, status);

-- planned: what the transfer was created for; shipped: what left (flagged oversold when the origin did not
-- have it available); received: what arrived. A SKU that arrived without being planned or shipped has a line
-- with planned = shipped = 0. discrepancy = received - shipped (short < 0, over > 0), once received.
CREATE TABLE transfer_order_line (
    transfer_ref   VARCHAR(100) NOT NULL REFERENCES transfer_order (transfer_ref),
    line_no        INTEGER      NOT NULL,
    sku            VARCHAR(64)  NOT NULL,
    planned        BIGINT       NOT NULL CHECK (planned >= 0),
    shipped        BIGINT       CHECK (shipped >= 0),
    received       BIGINT       CHECK (received >= 0),
    oversold       BOOLEAN      NOT NULL DEFAULT FALSE,
    PRIMARY KEY (transfer_ref, sku)
);
