-- Promotions, owned by the one system the contract names. Each publish is a catalogue revision and an
-- immutable version, so the POS feed carries promotions as of a revision, like prices.
CREATE TABLE promotion_version (
    promotion_id  VARCHAR(64) NOT NULL,
    revision      BIGINT      NOT NULL REFERENCES catalog_revision (revision),
    body          TEXT        NOT NULL,   -- the promotion as the feed shows it (JSON)
    body_hash     CHAR(64)    NOT NULL,
    starts_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    ends_at       TIMESTAMP WITH TIME ZONE,
    published_by  VARCHAR(64) NOT NULL,
    PRIMARY KEY (promotion_id, revision)
);
CREATE INDEX promotion_version_revision ON promotion_version (revision);
