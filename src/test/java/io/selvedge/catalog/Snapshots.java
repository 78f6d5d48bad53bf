package io.selvedge.catalog;

import io.selvedge.testing.Api;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** The paged catalogue snapshot as of a revision, every page walked: what the streamed snapshot must equal. */
final class Snapshots {

    private Snapshots() {
    }

    static List<JsonNode> paged(Api pos, long asOf, int limit) {
        List<JsonNode> paged = new ArrayList<>();
        String cursor = "";
        do {
            JsonNode page = pos.get("/api/v1/catalog/snapshot?asOf=" + asOf + "&limit=" + limit + "&cursor=" + cursor).json();
            page.get("variants").forEach(paged::add);
            cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asString();
        } while (cursor != null);
        return paged;
    }
}
