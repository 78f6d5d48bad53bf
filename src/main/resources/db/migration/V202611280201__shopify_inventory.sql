-- Shopify inventory out: which Shopify inventory item (and variant) each SKU is, what Shopify last said it has,
-- what the hub last pushed, and the cursor in the hub's availability feed.

CREATE TABLE shopify_inventory_item (
    sku                VARCHAR(64)  PRIMARY KEY,
    inventory_item_id  VARCHAR(24)  NOT NULL,
    mapped_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    wanted_seq         BIGINT       NOT NULL,        -- the latest availability change of the SKU the push must reflect
    pushed_seq         BIGINT       NOT NULL,        -- the availability sequence of the quantity last pushed (-1: never)
    due                BOOLEAN      NOT NULL,        -- wanted_seq > pushed_seq, or never pushed: a push is owed
    pushed_quantity    BIGINT,
    pushed_at          TIMESTAMP WITH TIME ZONE,
    last_error         VARCHAR(400)                  -- why Shopify refused the item; it is not pushed until mapped again
);
CREATE INDEX shopify_inventory_item_item ON shopify_inventory_item (inventory_item_id);
CREATE INDEX shopify_inventory_item_due ON shopify_inventory_item (due, wanted_seq);

-- Variant ids to SKUs, for order lines that name only their variant.
CREATE TABLE shopify_variant (
    variant_id  VARCHAR(24) PRIMARY KEY,
    sku         VARCHAR(64) NOT NULL
);

-- Shopify's own view of its stock: 'available' per inventory item and Shopify location, from inventory_levels/update,
-- from reading it back, or from the hub's own successful push. Never posted to the ledger (the hub owns inventory);
-- it is the compareQuantity of the next push, and the drift shown to operations.
CREATE TABLE shopify_inventory_level (
    inventory_item_id  VARCHAR(24) NOT NULL,
    location_id        VARCHAR(24) NOT NULL,
    available          BIGINT,
    updated_at         TIMESTAMP WITH TIME ZONE NOT NULL,
    source             VARCHAR(16) NOT NULL,         -- WEBHOOK | READ | PUSH
    PRIMARY KEY (inventory_item_id, location_id)
);

CREATE TABLE shopify_push_cursor (
    name        VARCHAR(64) PRIMARY KEY,
    after_seq   BIGINT      NOT NULL
);
