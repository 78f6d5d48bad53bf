/**
 * The catalogue the back office owns: styles, colours, size runs, variants (SKU, GTIN), price lists with
 * effective-dated prices, and the revision every publish gets. Other modules read it through
 * {@link io.selvedge.catalog.CatalogLookup}.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"shared", "contract"})
package io.selvedge.catalog;
