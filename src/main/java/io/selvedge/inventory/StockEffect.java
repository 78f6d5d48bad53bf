package io.selvedge.inventory;

import java.util.List;

/**
 * What a posted movement did: the highest availability sequence it wrote (0 if none) and the SKUs it
 * drove below zero at their location (oversells: flagged, never refused).
 */
public record StockEffect(long sequence, List<String> oversoldSkus) {
}
