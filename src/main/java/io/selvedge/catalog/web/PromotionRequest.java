package io.selvedge.catalog.web;

import java.time.Instant;
import java.util.List;

/**
 * {@code PUT /api/v1/promotions/{promotionId}}: percent or amount off, on SKUs, styles or categories, for some
 * channels and locations (empty = all), between two instants.
 */
public record PromotionRequest(String name, String kind, String value, String currency, List<String> skus, List<String> styles,
                               List<String> categories, List<String> channels, List<String> locations, Instant startsAt,
                               Instant endsAt) {
}
