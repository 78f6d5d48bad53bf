-- The NDJSON snapshot reads a stretch of SKUs' own prices in SKU order, to merge them with the SKUs' versions in one
-- pass, and a style's own prices (sku IS NULL) by style: both are ranges of this index.
CREATE INDEX price_sku ON price (sku, style_code, id);
