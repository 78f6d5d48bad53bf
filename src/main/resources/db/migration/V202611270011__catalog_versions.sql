-- Every revision of a style writes an immutable version of each of its variants, so a POS can page
-- through the catalogue "as of" a revision while the back office keeps publishing (no dropped 2XL).
CREATE TABLE variant_version (
    sku           VARCHAR(64)  NOT NULL,
    revision      BIGINT       NOT NULL REFERENCES catalog_revision (revision),
    style_code    VARCHAR(64)  NOT NULL,
    style_name    VARCHAR(200) NOT NULL,
    season        VARCHAR(32),
    category      VARCHAR(64)  NOT NULL,
    tax_class     VARCHAR(64)  NOT NULL,
    gtin          VARCHAR(14),
    colour        VARCHAR(32)  NOT NULL,
    size          VARCHAR(16)  NOT NULL,
    size_position INTEGER      NOT NULL,
    status        VARCHAR(16)  NOT NULL,
    PRIMARY KEY (sku, revision)
);
CREATE INDEX variant_version_revision ON variant_version (revision, sku);

INSERT INTO variant_version (sku, revision, style_code, style_name, season, category, tax_class, gtin, colour, size, size_position, status)
SELECT v.sku, v.revision, v.style_code, s.name, s.season, s.category, s.tax_class, v.gtin, v.colour, v.size, 0, v.status
FROM variant v JOIN style s ON s.style_code = v.style_code;

-- The revision each POS (or channel) says it has applied.
CREATE TABLE catalog_ack (
    location     VARCHAR(64) PRIMARY KEY,
    revision     BIGINT      NOT NULL,
    acked_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    acked_by     VARCHAR(64) NOT NULL
);

-- A price announced by price.changed: at publish when already in force, else when its markdown takes effect.
CREATE TABLE price_announcement (
    price_id     BIGINT PRIMARY KEY REFERENCES price (id),
    announced_at TIMESTAMP WITH TIME ZONE NOT NULL
);
INSERT INTO price_announcement (price_id, announced_at) SELECT id, effective_from FROM price;
