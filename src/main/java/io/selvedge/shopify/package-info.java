/**
 * The Shopify web shop, spoken in its own formats. In: {@code POST /webhooks/shopify/{topic}} deliveries, verified by
 * their HMAC, kept as received before they are answered, then mapped in arrival order to the canonical model (orders
 * to web-channel orders, refunds to returns of them, customers to the customer flow, inventory levels and products to
 * what the push needs). Out: the web channel's available-to-sell, pushed to Shopify's {@code inventorySetQuantities}
 * within its cost-based rate limit. Other modules do not call it; it reaches them only through their root APIs.
 * Inside: {@code webhooks/} (intake, worker, one mapper per topic), {@code inventory/} (the push, its GraphQL client
 * and leaky bucket). See docs/formats/shopify.md.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"shared", "contract", "catalog", "inventory", "customers", "sales"})
package io.selvedge.shopify;
