package io.selvedge.customers;

import static io.selvedge.customers.CustomerFixtures.anyEmail;
import static io.selvedge.customers.CustomerFixtures.anyUsNumber;
import static io.selvedge.customers.CustomerFixtures.customer;
import static org.assertj.core.api.Assertions.assertThat;

import io.selvedge.customers.domain.LoyaltyBalances;
import io.selvedge.testing.Api;
import io.selvedge.testing.IntegrationTest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** Loyalty points through the public API: earning, redeeming, merges and unmerges, erasure. */
class LoyaltyIntegrationTest extends IntegrationTest {

    private static final String CUSTOMERS = "/api/v1/customers";

    @Autowired
    JdbcClient jdbc;

    @Test
    void earnsAndRedeemsAndShowsTheBalance() {
        String id = newCustomer(anyEmail(), anyUsNumber());
        var earned = post(POS, id, movement(unique("LOY"), 100, "sale ABK-R1-17"));
        assertThat(earned.status()).as(earned.toString()).isEqualTo(201);
        assertThat(earned.json().get("customerId").asString()).isEqualTo(id);
        assertThat(earned.json().get("postedTo").asString()).isEqualTo(id);
        assertThat(earned.json().get("balance").asLong()).isEqualTo(100);

        var redeemed = post(WEB, id, movement(unique("LOY"), -30, "reward"));
        assertThat(redeemed.status()).isEqualTo(201);
        assertThat(redeemed.json().get("balance").asLong()).isEqualTo(70);

        JsonNode view = api(ERP).get(CUSTOMERS + "/" + id).json();
        assertThat(view.get("loyalty").get("points").asLong()).isEqualTo(70);
        assertThat(view.get("loyalty").get("movements").asLong()).isEqualTo(2);

        JsonNode statement = api(ERP).get(CUSTOMERS + "/" + id + "/loyalty").json();
        assertThat(statement.get("points").asLong()).isEqualTo(70);
        assertThat(statement.get("movements").size()).isEqualTo(2);
        assertThat(statement.get("movements").get(0).get("points").asLong()).as("newest first").isEqualTo(-30);
        assertThat(statement.get("movements").get(0).get("recordedBy").asString()).isEqualTo("web");
        assertThat(statement.get("movements").get(1).get("reason").asString()).isEqualTo("sale ABK-R1-17");

        JsonNode page = api(ERP).get(CUSTOMERS + "/" + id + "/loyalty?limit=1").json();
        assertThat(page.get("movements").size()).isEqualTo(1);
        long next = page.get("next").asLong();
        JsonNode rest = api(ERP).get(CUSTOMERS + "/" + id + "/loyalty?limit=1&before=" + next).json();
        assertThat(rest.get("movements").get(0).get("points").asLong()).isEqualTo(100);
        assertThat(rest.has("next")).isFalse();

        List<String> events = eventData("customer.loyalty.posted", id);
        assertThat(events).hasSize(2);
        assertThat(events.get(1)).contains("\"balance\":70").doesNotContain("reward");
    }

    @Test
    void aRepeatHasTheEffectOfOneAndTheSameIdWithAnotherBodyIsAConflict() {
        String id = newCustomer(anyEmail(), null);
        Map<String, Object> body = movement(unique("LOY"), 40, null);
        var first = post(POS, id, body);
        var again = post(POS, id, body);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.header("Idempotent-Replay")).isEqualTo("true");
        assertThat(again.json()).isEqualTo(first.json());

        Map<String, Object> changed = new LinkedHashMap<>(body);
        changed.put("points", 41);
        assertThat(post(POS, id, changed).status()).isEqualTo(409);
        String other = newCustomer(anyEmail(), null);
        assertThat(post(POS, other, body).status()).as("the same movement for another customer").isEqualTo(409);
        assertThat(points(id)).isEqualTo(40);
        assertThat(points(other)).isZero();
    }

    @Test
    void aRedemptionBeyondTheBalanceIsRefusedChangesNothingAndMayBeSentAgainLater() {
        String id = newCustomer(anyEmail(), null);
        post(POS, id, movement(unique("LOY"), 50, null));
        String redemption = unique("LOY");
        var refused = post(POS, id, movement(redemption, -80, null));
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.json().get("available").asLong()).isEqualTo(50);
        assertThat(points(id)).isEqualTo(50);

        post(POS, id, movement(unique("LOY"), 30, null));
        var later = post(POS, id, movement(redemption, -80, null));
        assertThat(later.status()).as("a refusal is not remembered").isEqualTo(201);
        assertThat(later.json().get("balance").asLong()).isZero();
    }

    @Test
    void badMovementsAreRefusedNamingEachFieldAndChangeNothing() {
        String id = newCustomer(anyEmail(), null);
        Map<String, Object> bad = new LinkedHashMap<>();
        bad.put("movementId", "has spaces");
        bad.put("points", 12.5);
        bad.put("reason", "x".repeat(201));
        var response = post(POS, id, bad);
        assertThat(response.status()).isEqualTo(422);
        assertThat(fields(response.json())).containsExactlyInAnyOrder("movementId", "points", "reason", "occurredAt");

        for (Object points : List.of(0, "12", LoyaltyBalances.MAX_POINTS + 1, Long.MIN_VALUE)) {
            var wrong = post(POS, id, movement(unique("LOY"), 1, null, "points", points));
            assertThat(wrong.status()).as(String.valueOf(points)).isEqualTo(422);
            assertThat(fields(wrong.json())).containsExactly("points");
        }
        var badTime = post(POS, id, movement(unique("LOY"), 5, null, "occurredAt", "yesterday"));
        assertThat(badTime.status()).isEqualTo(422);
        assertThat(fields(badTime.json())).containsExactly("occurredAt");

        assertThat(post(POS, "C-NOSUCHCUSTOMER", movement(unique("LOY"), 5, null)).status()).isEqualTo(404);
        assertThat(api(ERP).get(CUSTOMERS + "/C-NOSUCHCUSTOMER/loyalty").status()).isEqualTo(404);
        assertThat(post(FINANCE, id, movement(unique("LOY"), 5, null)).status()).as("not a writer of customer.loyalty").isEqualTo(403);
        assertThat(api(ERP).get(CUSTOMERS + "/" + id + "/loyalty?limit=0").status()).isEqualTo(422);
        assertThat(points(id)).isZero();
    }

    @Test
    void aMergeCombinesTheBalancesAndAnUnmergeSplitsThemBackExactly() {
        String emailA = anyEmail();
        String phoneB = anyUsNumber();
        String a = newCustomer(emailA, anyUsNumber());
        String b = newCustomer(anyEmail(), phoneB);
        post(POS, a, movement(unique("LOY"), 100, null));
        post(WEB, b, movement(unique("LOY"), 40, null));
        post(WEB, b, movement(unique("LOY"), -10, null));

        record(POS, customer("source", "pos", "email", emailA, "phone", phoneB));   // b merges into a
        JsonNode merged = api(ERP).get(CUSTOMERS + "/" + b).json();
        assertThat(merged.get("customerId").asString()).isEqualTo(a);
        assertThat(merged.get("loyalty").get("points").asLong()).as("nothing lost").isEqualTo(130);
        assertThat(merged.get("loyalty").get("movements").asLong()).isEqualTo(3);
        assertThat(eventData("customer.merged", b).get(0)).contains("\"loyaltyPoints\":130");

        var onAlias = post(POS, b, movement(unique("LOY"), 5, null));
        assertThat(onAlias.status()).isEqualTo(201);
        assertThat(onAlias.json().get("customerId").asString()).as("the alias resolves to the survivor").isEqualTo(a);
        assertThat(onAlias.json().get("postedTo").asString()).isEqualTo(b);
        assertThat(onAlias.json().get("balance").asLong()).isEqualTo(135);
        assertThat(post(POS, a, movement(unique("LOY"), -136, null)).status()).as("one person, one balance").isEqualTo(409);

        JsonNode statement = api(ERP).get(CUSTOMERS + "/" + a + "/loyalty").json();
        assertThat(statement.get("points").asLong()).isEqualTo(135);
        assertThat(shares(statement)).containsExactlyInAnyOrderEntriesOf(Map.of(a, 100L, b, 35L));
        assertThat(statement.get("movements").size()).isEqualTo(4);
        assertThat(statement.get("movements").get(0).get("customerId").asString()).as("each on the record it was posted to").isEqualTo(b);

        assertThat(api(OPS).send("POST", CUSTOMERS + "/" + b + "/unmerge", null, null).status()).isEqualTo(200);
        assertThat(points(a)).isEqualTo(100);
        assertThat(points(b)).as("its own movements, including the one posted to its id while merged").isEqualTo(35);
        String unmerged = eventData("customer.unmerged", b).get(0);
        assertThat(unmerged).contains("\"loyaltyPoints\":35").contains("\"survivorLoyaltyPoints\":100");
    }

    @Test
    void erasureKeepsThePointsOnTheIdAndBlanksTheReasons() {
        String surname = "Zq" + unique("n").replace("-", "");
        String id = newCustomer(anyEmail(), null);
        String movementId = unique("LOY");
        post(POS, id, movement(movementId, 60, "birthday bonus for " + surname));
        assertThat(api(OPS).send("POST", CUSTOMERS + "/" + id + "/erasure", null, null).status()).isEqualTo(200);

        JsonNode view = api(ERP).get(CUSTOMERS + "/" + id).json();
        assertThat(view.get("status").asString()).isEqualTo("ERASED");
        assertThat(view.get("loyalty").get("points").asLong()).isEqualTo(60);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM customer_loyalty_movement WHERE reason LIKE ?").param("%" + surname + "%")
                .query(Long.class).single()).isZero();
        JsonNode statement = api(ERP).get(CUSTOMERS + "/" + id + "/loyalty").json();
        assertThat(statement.get("movements").get(0).get("movementId").asString()).isEqualTo(movementId);
        assertThat(statement.get("movements").get(0).has("reason")).isFalse();

        var reversal = post(POS, id, movement(unique("LOY"), -60, "refund"));
        assertThat(reversal.status()).as("the ledger is ids and points: a later reversal still posts").isEqualTo(201);
        assertThat(points(id)).isZero();
    }

    /**
     * A random run of earnings, redemptions, merges and unmerges over the API, checked step by step against
     * {@link LoyaltyBalances} as the model: every answer and balance as it says, each record's balance row the sum
     * of its movements, and all the points posted still there.
     */
    @Test
    void aRandomRunOfMovementsMergesAndUnmergesLosesNoPoint() {
        Random random = new Random(20261128L);
        for (int trial = 0; trial < 2; trial++) {
            List<String> emails = new ArrayList<>();
            List<String> phones = new ArrayList<>();
            List<String> ids = new ArrayList<>();
            Map<String, String> mergedInto = new HashMap<>();
            Map<String, LoyaltyBalances> groups = new HashMap<>();
            for (int i = 0; i < 4; i++) {
                emails.add(anyEmail());
                phones.add(anyUsNumber());
                ids.add(newCustomer(emails.get(i), phones.get(i)));
                groups.put(ids.get(i), LoyaltyBalances.of(List.of(ids.get(i)), Map.of()));
            }
            long posted = 0;
            for (int step = 0; step < 30; step++) {
                int a = random.nextInt(4);
                int b = random.nextInt(4);
                String record = ids.get(a);
                int kind = random.nextInt(10);
                if (kind < 6) {
                    long points = kind < 3 ? 1 + random.nextInt(200) : -(1 + random.nextInt(200));
                    String root = root(record, mergedInto);
                    var expected = groups.get(root).post(record, points);
                    var answer = post(kind < 3 ? POS : WEB, record, movement(unique("LOY"), points, null));
                    if (expected instanceof LoyaltyBalances.Posted p) {
                        assertThat(answer.status()).as("step %d: %d on %s", step, points, record).isEqualTo(201);
                        assertThat(answer.json().get("balance").asLong()).isEqualTo(p.after().points());
                        groups.put(root, p.after());
                        posted += points;
                    } else {
                        assertThat(answer.status()).as("step %d: %d on %s", step, points, record).isEqualTo(409);
                    }
                } else if (kind < 8) {
                    String rootA = root(record, mergedInto);
                    String rootB = root(ids.get(b), mergedInto);
                    record(POS, customer("source", "pos", "email", emails.get(a), "phone", phones.get(b)));
                    if (!rootA.equals(rootB)) {
                        String survivor = api(ERP).get(CUSTOMERS + "/" + rootA).json().get("customerId").asString();
                        String gone = survivor.equals(rootA) ? rootB : rootA;
                        assertThat(survivor).isIn(rootA, rootB);
                        groups.put(survivor, groups.get(survivor).combine(groups.remove(gone)));
                        mergedInto.put(gone, survivor);
                    }
                } else if (mergedInto.containsKey(record)) {
                    assertThat(api(OPS).send("POST", CUSTOMERS + "/" + record + "/unmerge", null, null).status()).isEqualTo(200);
                    String root = root(record, mergedInto);
                    List<String> leaving = ids.stream().filter(id -> descendsFrom(id, record, mergedInto)).toList();
                    groups.put(record, groups.get(root).only(leaving));
                    groups.put(root, groups.get(root).without(leaving));
                    mergedInto.remove(record);
                }

                long total = 0;
                for (String id : ids) {
                    String root = root(id, mergedInto);
                    JsonNode view = api(ERP).get(CUSTOMERS + "/" + id).json();
                    assertThat(view.get("customerId").asString()).as("step %d", step).isEqualTo(root);
                    assertThat(view.get("loyalty").get("points").asLong()).as("step %d, %s", step, id).isEqualTo(groups.get(root).points());
                    long held = jdbc.sql("SELECT COALESCE(MAX(points), 0) FROM customer_loyalty_balance WHERE customer_id = ?")
                            .param(id).query(Long.class).single();
                    long sum = jdbc.sql("SELECT COALESCE(SUM(points), 0) FROM customer_loyalty_movement WHERE customer_id = ?")
                            .param(id).query(Long.class).single();
                    assertThat(held).as("step %d: %s's balance is the sum of its movements", step, id).isEqualTo(sum)
                            .isEqualTo(groups.get(root).of(id).points());
                    total += held;
                }
                assertThat(total).as("step %d: every point posted is still there", step).isEqualTo(posted);
            }
        }
    }

    // ---- helpers ---------------------------------------------------------------------------------------------

    private String newCustomer(String email, String phone) {
        return record(WEB, customer("source", "shopify", "email", email, "phone", phone)).get("customerId").asString();
    }

    private JsonNode record(String key, Map<String, Object> body) {
        var response = api(key).post(CUSTOMERS, body);
        assertThat(response.status()).as(response.toString()).isIn(200, 201);
        return response.json();
    }

    private Api.Response post(String key, String customerId, Map<String, Object> body) {
        return api(key).post(CUSTOMERS + "/" + customerId + "/loyalty", body);
    }

    private long points(String customerId) {
        return api(ERP).get(CUSTOMERS + "/" + customerId).json().get("loyalty").get("points").asLong();
    }

    /** A movement body; {@code overrides} alternate name, value. */
    private static Map<String, Object> movement(String movementId, long points, String reason, Object... overrides) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("movementId", movementId);
        body.put("points", points);
        if (reason != null) {
            body.put("reason", reason);
        }
        body.put("occurredAt", "2026-11-28T20:00:00Z");
        for (int i = 0; i < overrides.length; i += 2) {
            body.put((String) overrides[i], overrides[i + 1]);
        }
        return body;
    }

    private static Map<String, Long> shares(JsonNode statement) {
        Map<String, Long> shares = new HashMap<>();
        statement.get("records").forEach(r -> shares.put(r.get("customerId").asString(), r.get("points").asLong()));
        return shares;
    }

    private static String root(String record, Map<String, String> mergedInto) {
        String at = record;
        while (mergedInto.containsKey(at)) {
            at = mergedInto.get(at);
        }
        return at;
    }

    private static boolean descendsFrom(String id, String ancestor, Map<String, String> mergedInto) {
        for (String at = id; at != null; at = mergedInto.get(at)) {
            if (at.equals(ancestor)) {
                return true;
            }
        }
        return false;
    }

    private List<String> eventData(String type, String mentioning) {
        return jdbc.sql("SELECT data FROM outbox_event WHERE type = ? ORDER BY id").param(type).query(String.class).list()
                .stream().filter(d -> d.contains(mentioning)).toList();
    }

    private static List<String> fields(JsonNode problem) {
        return problem.get("errors").findValuesAsString("field");
    }
}
