-- Journal lines are facts: never updated or deleted; a correction is a new, adjusting entry. Lines of one
-- entry share its entry_id and carry the store and the business (posting) date. Each entry balances; the
-- application checks that before writing, the CHECK keeps each line one-sided.
CREATE TABLE settlement_journal_line (
    entry_id      VARCHAR(200) NOT NULL,
    line_no       INTEGER      NOT NULL,
    entry_no      INTEGER      NOT NULL,   -- the entry's position in the day's journal
    store         VARCHAR(64)  NOT NULL,
    business_day  DATE         NOT NULL,
    kind          VARCHAR(16)  NOT NULL,   -- DAY | ADJUSTMENT
    tender        VARCHAR(100) NOT NULL,   -- CASH, CARD-VISA, GIFT_CARD, STORE_CREDIT, NO_TENDER
    role          VARCHAR(16)  NOT NULL,   -- TENDER | REVENUE | DISCOUNT | TAX | CLEARING | OVER_SHORT
    account       VARCHAR(64)  NOT NULL,
    debit_minor   BIGINT       NOT NULL,
    credit_minor  BIGINT       NOT NULL,
    currency      CHAR(3)      NOT NULL,
    memo          VARCHAR(400) NOT NULL,
    category      VARCHAR(64),             -- on revenue and discount lines
    adjusts_day   DATE,                    -- on adjusting lines: the closed day they correct
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (entry_id, line_no),
    CHECK (debit_minor >= 0 AND credit_minor >= 0 AND (debit_minor = 0 OR credit_minor = 0)),
    FOREIGN KEY (store, business_day) REFERENCES settlement_day (store, business_day)
);
CREATE INDEX settlement_journal_line_day ON settlement_journal_line (store, business_day);
CREATE INDEX settlement_journal_line_date ON settlement_journal_line (business_day);

-- Finance approves a day's journal once; the first answer is kept for a replayed approval.
CREATE TABLE settlement_journal_approval (
    store          VARCHAR(64)  NOT NULL,
    business_day   DATE         NOT NULL,
    approved_by    VARCHAR(64),             -- the approver's staff id, when given
    approved_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    body_hash      CHAR(64)     NOT NULL,
    response       TEXT         NOT NULL,
    PRIMARY KEY (store, business_day),
    FOREIGN KEY (store, business_day) REFERENCES settlement_day (store, business_day)
);
