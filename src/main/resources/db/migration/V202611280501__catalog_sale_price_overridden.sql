-- A sold line records the price in force on its channel's price list (list_price_minor) and whether its price
-- was overridden: sold at another price, or approved by a PRICE override. Returned lines are never overridden.
ALTER TABLE sales_order_line ADD COLUMN price_overridden BOOLEAN DEFAULT FALSE NOT NULL;
