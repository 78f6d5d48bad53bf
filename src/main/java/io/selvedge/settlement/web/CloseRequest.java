package io.selvedge.settlement.web;

import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /api/v1/stores/{store}/days/{businessDay}/close}: the cash counted in each register's drawer.
 * {@code cash} is read as a node so that a JSON number is refused rather than silently taken as money.
 */
record CloseRequest(List<DrawerCount> drawerCounts) {

    record DrawerCount(String register, JsonNode cash) {
    }
}
