-- Work that arrived before what it needs (out-of-order delivery) is parked here and applied once, in the write
-- that records what it waited for (or by a janitor when another hub instance recorded that meanwhile). One place
-- for every kind, replacing sales_parked: RETURN (a return or exchange waiting for its original orders), VOID (a
-- void waiting for the transaction it voids), RECEIPT (a transfer receipt waiting for the shipment).
-- The lifecycle is state: PARKED -> APPLIED | REFUSED. command is the validated command as JSON, without
-- customer personal data: a customer is parked as the customer id it resolved to, so erasure has nothing to reach.
CREATE TABLE parked_work (
    kind             VARCHAR(16)  NOT NULL,
    work_id          VARCHAR(100) NOT NULL,   -- the transactionId, or the transferRef
    location         VARCHAR(64),             -- the store; a receipt's destination (null while its transfer is unknown)
    business_day     DATE,
    body_hash        VARCHAR(64)  NOT NULL,
    command          TEXT         NOT NULL,
    received_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    status           VARCHAR(16)  NOT NULL,
    resolved_at      TIMESTAMP WITH TIME ZONE,
    response_status  INTEGER,
    response         TEXT,
    PRIMARY KEY (kind, work_id)
);
CREATE INDEX parked_work_status ON parked_work (status, received_at);

-- What each parked command waits for: an order ref (RETURN, VOID) or a transfer ref (RECEIPT).
CREATE TABLE parked_wait (
    kind      VARCHAR(16)  NOT NULL,
    work_id   VARCHAR(100) NOT NULL,
    wait_for  VARCHAR(100) NOT NULL,
    PRIMARY KEY (kind, work_id, wait_for),
    FOREIGN KEY (kind, work_id) REFERENCES parked_work (kind, work_id)
);
CREATE INDEX parked_wait_for ON parked_wait (wait_for);

INSERT INTO parked_work (kind, work_id, location, business_day, body_hash, command, received_at, status, resolved_at,
                         response_status, response)
SELECT 'RETURN', transaction_id, store, business_day, body_hash, command, received_at, status, resolved_at, response_status, response
FROM sales_parked;
INSERT INTO parked_wait (kind, work_id, wait_for) SELECT 'RETURN', transaction_id, order_ref FROM sales_parked_wait;
DROP TABLE sales_parked_wait;
DROP TABLE sales_parked;
