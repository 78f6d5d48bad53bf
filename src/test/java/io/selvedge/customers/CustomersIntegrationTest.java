package io.selvedge.customers;

import static io.selvedge.customers.CustomerFixtures.anyEmail;
import static io.selvedge.customers.CustomerFixtures.anyUsNumber;
import static io.selvedge.customers.CustomerFixtures.customer;
import static io.selvedge.customers.CustomerFixtures.e164;
import static io.selvedge.customers.CustomerFixtures.nationalFormat;
import static org.assertj.core.api.Assertions.assertThat;

import io.selvedge.testing.Api;
import io.selvedge.testing.IntegrationTest;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import io.selvedge.sales.ParkedCustomerScrub;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

class CustomersIntegrationTest extends IntegrationTest {

    private static final String CUSTOMERS = "/api/v1/customers";

    @Autowired
    JdbcClient jdbc;

    @Autowired
    DataSource dataSource;

    @Autowired
    JsonMapper json;

    @Autowired
    ParkedCustomerScrub scrub;

    // ---- matching ------------------------------------------------------------------------------------------

    @Test
    void createsANewCustomerAndServesIt() {
        String email = anyEmail();
        String phone = anyUsNumber();
        String sourceId = unique("SHOP");
        var created = api(WEB).post(CUSTOMERS, customer("source", "shopify", "sourceId", sourceId, "email", email,
                "phone", nationalFormat(phone), "firstName", "Ana", "lastName", "Lopez"));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.json().get("matchedBy").asString()).isEqualTo("NEW");
        String id = created.json().get("customerId").asString();
        assertThat(id).startsWith("C-");

        JsonNode view = api(ERP).get(CUSTOMERS + "/" + id).json();
        assertThat(view.get("customerId").asString()).isEqualTo(id);
        assertThat(view.get("status").asString()).isEqualTo("ACTIVE");
        assertThat(view.get("email").asString()).isEqualTo(email);
        assertThat(view.get("phone").asString()).as("stored in E.164").isEqualTo(e164(phone));
        assertThat(view.get("firstName").asString()).isEqualTo("Ana");
        assertThat(view.get("sourceIds").get(0).get("source").asString()).isEqualTo("shopify");
        assertThat(view.get("survivorship").get("email").get("system").asString()).isEqualTo("web");
        assertThat(api(ERP).get(CUSTOMERS + "/C-NOSUCHCUSTOMER").status()).isEqualTo(404);
    }

    @Test
    void matchesEmailAcrossCaseWhitespaceAndUnicodeForms() {
        String local = "jos\u00e9." + unique("m").toLowerCase(Locale.ROOT);
        String id = record(WEB, customer("source", "shopify", "email", local + "@example.com")).get("customerId").asString();

        String fullwidth = local.replace("jos\u00e9", "\uff4a\uff4f\uff53\u00e9");
        for (String variant : List.of("  " + local.toUpperCase(Locale.ROOT) + "@EXAMPLE.COM\t",
                local.replace("\u00e9", "e\u0301") + "@example.com",
                fullwidth + "@\uff45\uff58\uff41\uff4d\uff50\uff4c\uff45.com",
                "\u00a0" + local + "@Example.Com")) {
            var match = api(POS).post(CUSTOMERS, customer("source", "pos", "email", variant));
            assertThat(match.status()).as(variant).isEqualTo(200);
            assertThat(match.json().get("customerId").asString()).as(variant).isEqualTo(id);
            assertThat(match.json().get("matchedBy").asString()).isEqualTo("EMAIL");
        }
        JsonNode view = api(ERP).get(CUSTOMERS + "/" + id).json();
        assertThat(view.get("email").asString()).as("the same address in capitals or another Unicode form is not a change to store")
                .isEqualTo(local + "@example.com");
        assertThat(view.get("survivorship").get("email").get("system").asString()).isEqualTo("web");
    }

    @Test
    void matchesPhoneAcrossFormatsWithTheStoresCountryAsDefault() {
        String number = anyUsNumber();
        var first = api(POS).post(CUSTOMERS, customer("source", "pos", "phone", nationalFormat(number), "location", "STORE-ABK"));
        assertThat(first.status()).isEqualTo(201);
        String id = first.json().get("customerId").asString();

        for (String variant : List.of(e164(number), "+1 " + number.substring(0, 3) + "-" + number.substring(3, 6) + "-" + number.substring(6),
                number.substring(0, 3) + "." + number.substring(3, 6) + "." + number.substring(6))) {
            var match = api(WEB).post(CUSTOMERS, customer("source", "shopify", "phone", variant));
            assertThat(match.json().get("customerId").asString()).as(variant).isEqualTo(id);
            assertThat(match.json().get("matchedBy").asString()).isEqualTo("PHONE");
        }
    }

    @Test
    void emailTakesPrecedenceAndTheOtherKeyJoinsTheCustomer() {
        String email = anyEmail();
        String phone = anyUsNumber();
        String id = record(WEB, customer("source", "shopify", "email", email)).get("customerId").asString();

        var both = api(POS).post(CUSTOMERS, customer("source", "pos", "email", email, "phone", nationalFormat(phone)));
        assertThat(both.json().get("matchedBy").asString()).isEqualTo("EMAIL");

        var byPhone = api(POS).post(CUSTOMERS, customer("source", "pos", "phone", e164(phone), "email", anyEmail()));
        assertThat(byPhone.json().get("customerId").asString()).isEqualTo(id);
        assertThat(byPhone.json().get("matchedBy").asString()).as("a new email with a known phone").isEqualTo("PHONE");
    }

    @Test
    void looksCustomersUpByTheSourcesOwnId() {
        String sourceId = unique("POSCUST");
        String id = record(POS, customer("source", "pos", "sourceId", sourceId, "email", anyEmail())).get("customerId").asString();

        var found = api(ERP).get(CUSTOMERS + "?source=pos&sourceId=" + sourceId);
        assertThat(found.status()).isEqualTo(200);
        assertThat(found.json().get("customerId").asString()).isEqualTo(id);
        assertThat(api(ERP).get(CUSTOMERS + "?source=shopify&sourceId=" + sourceId).status()).isEqualTo(404);
        var missing = api(ERP).get(CUSTOMERS + "?source=pos");
        assertThat(missing.status()).isEqualTo(422);
        assertThat(fields(missing.json())).containsExactly("sourceId");

        var bySourceOnly = api(POS).post(CUSTOMERS, customer("source", "pos", "sourceId", sourceId, "firstName", "Ana"));
        assertThat(bySourceOnly.json().get("customerId").asString()).isEqualTo(id);
        assertThat(bySourceOnly.json().get("matchedBy").asString()).isEqualTo("SOURCE");
    }

    @Test
    void anIdenticalRepeatReplaysItsFirstAnswerAndAChangedBodyUpdates() {
        Map<String, Object> body = customer("source", "shopify", "sourceId", unique("SHOP"), "email", anyEmail(), "firstName", "Ana");
        var first = api(WEB).post(CUSTOMERS, body);
        var again = api(WEB).post(CUSTOMERS, body);
        assertThat(first.status()).isEqualTo(201);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.header("Idempotent-Replay")).isEqualTo("true");
        assertThat(again.json()).isEqualTo(first.json());

        body.put("firstName", "Anabel");
        var changed = api(WEB).post(CUSTOMERS, body);
        assertThat(changed.status()).isEqualTo(200);
        assertThat(changed.header("Idempotent-Replay")).isNull();
        assertThat(changed.json().get("matchedBy").asString()).isEqualTo("EMAIL");
        String id = first.json().get("customerId").asString();
        assertThat(api(ERP).get(CUSTOMERS + "/" + id).json().get("firstName").asString()).isEqualTo("Anabel");
    }

    @Test
    void refusesBadDetailsNamingEachFieldAndWritesNothing() {
        String sourceId = unique("SHOP");
        var both = api(WEB).post(CUSTOMERS, customer("source", "shopify", "sourceId", sourceId, "email", "ana(at)example.com",
                "phone", "12"));
        assertThat(both.status()).isEqualTo(422);
        assertThat(both.contentType()).startsWith("application/problem+json");
        assertThat(fields(both.json())).containsExactlyInAnyOrder("email", "phone");
        assertThat(both.body()).as("personal data is not echoed").doesNotContain("ana(at)");
        assertThat(api(ERP).get(CUSTOMERS + "?source=shopify&sourceId=" + sourceId).status()).isEqualTo(404);

        var localOnly = api(POS).post(CUSTOMERS, customer("source", "pos", "phone", "555-0100"));
        assertThat(fields(localOnly.json())).containsExactly("phone");

        var nothingToMatch = api(POS).post(CUSTOMERS, customer("source", "pos", "firstName", "Ana"));
        assertThat(nothingToMatch.status()).isEqualTo(422);
        assertThat(fields(nothingToMatch.json())).containsExactly("email");

        var badSource = api(POS).post(CUSTOMERS, customer("source", "no spaces please", "email", anyEmail(), "location", "NOWHERE"));
        assertThat(fields(badSource.json())).containsExactlyInAnyOrder("source", "location");
    }

    @Test
    void twoRegistersCreatingTheSameNewCustomerAtOnceEndWithOne() throws Exception {
        String email = anyEmail();
        int registers = 8;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(registers);
        try {
            List<Future<Api.Response>> answers = new ArrayList<>();
            for (int i = 0; i < registers; i++) {
                String sourceId = unique("R" + i);
                answers.add(pool.submit(() -> {
                    start.await();
                    return api(POS).post(CUSTOMERS, customer("source", "pos", "sourceId", sourceId, "email", email));
                }));
            }
            start.countDown();
            Set<String> ids = new HashSet<>();
            int created = 0;
            for (Future<Api.Response> answer : answers) {
                Api.Response response = answer.get();
                assertThat(response.status()).isIn(200, 201);
                ids.add(response.json().get("customerId").asString());
                created += response.json().get("matchedBy").asString().equals("NEW") ? 1 : 0;
            }
            assertThat(ids).hasSize(1);
            assertThat(created).isEqualTo(1);
            assertThat(api(ERP).get(CUSTOMERS + "/" + ids.iterator().next()).json().get("sourceIds").size()).isEqualTo(registers);
        } finally {
            pool.shutdownNow();
        }
    }

    // ---- merge and unmerge ------------------------------------------------------------------------------------

    @Test
    void mergesTwoCustomersWhenEmailMatchesOneAndPhoneTheOtherAndUnmergesThem() {
        String emailA = anyEmail();
        String emailB = anyEmail();
        String phoneA = anyUsNumber();
        String phoneB = anyUsNumber();
        String sourceB = unique("POSCUST");
        String a = record(WEB, customer("source", "shopify", "sourceId", unique("SHOP"), "email", emailA, "phone", phoneA,
                "firstName", "Ana", "lastName", "Lopez")).get("customerId").asString();
        String b = record(POS, customer("source", "pos", "sourceId", sourceB, "email", emailB, "phone", phoneB,
                "lastName", "L\u00f3pez-Ruiz")).get("customerId").asString();
        assertThat(b).isNotEqualTo(a);

        var evidence = api(POS).post(CUSTOMERS, customer("source", "pos", "email", emailA, "phone", e164(phoneB)));
        assertThat(evidence.status()).isEqualTo(200);
        assertThat(evidence.json().get("customerId").asString()).as("the older survives").isEqualTo(a);
        assertThat(evidence.json().get("matchedBy").asString()).isEqualTo("EMAIL");

        JsonNode alias = api(ERP).get(CUSTOMERS + "/" + b).json();
        assertThat(alias.get("customerId").asString()).as("the merged id still resolves").isEqualTo(a);
        assertThat(alias.get("resolvedFrom").asString()).isEqualTo(b);
        assertThat(alias.get("mergedFrom").findValuesAsString("mergedFrom")).isEmpty();
        assertThat(texts(alias.get("mergedFrom"))).containsExactly(b);
        assertThat(alias.get("firstName").asString()).isEqualTo("Ana");
        assertThat(alias.get("lastName").asString()).as("most recent value wins").isEqualTo("L\u00f3pez-Ruiz");
        assertThat(alias.get("survivorship").get("lastName").get("customerId").asString()).isEqualTo(b);
        assertThat(alias.get("sourceIds").size()).isEqualTo(2);
        assertThat(api(ERP).get(CUSTOMERS + "?source=pos&sourceId=" + sourceB).json().get("customerId").asString()).isEqualTo(a);
        assertThat(api(POS).post(CUSTOMERS, customer("source", "pos", "email", emailB)).json().get("customerId").asString())
                .as("the merged customer's email finds the survivor").isEqualTo(a);

        JsonNode merges = api(ERP).get(CUSTOMERS + "/" + a + "/merges").json();
        assertThat(merges.size()).isEqualTo(1);
        assertThat(merges.get(0).get("survivorId").asString()).isEqualTo(a);
        assertThat(merges.get(0).get("mergedId").asString()).isEqualTo(b);
        assertThat(merges.get(0).get("evidence").asString()).isEqualTo("EMAIL,PHONE");
        assertThat(merges.get(0).get("fields").toString()).contains("lastName");

        List<String> mergedEvents = eventData("customer.merged", b);
        assertThat(mergedEvents).hasSize(1);
        assertThat(mergedEvents.get(0)).contains(a).doesNotContain("@").doesNotContain(phoneB).doesNotContain("L\u00f3pez");

        assertThat(api(POS).send("POST", CUSTOMERS + "/" + b + "/unmerge", null, null).status()).isEqualTo(403);
        assertThat(api(OPS).send("POST", CUSTOMERS + "/" + a + "/unmerge", null, null).status()).as("a is the survivor").isEqualTo(409);
        var unmerged = api(OPS).send("POST", CUSTOMERS + "/" + b + "/unmerge", null, null);
        assertThat(unmerged.status()).as(unmerged.toString()).isEqualTo(200);
        assertThat(unmerged.json().get("customerId").asString()).isEqualTo(b);
        assertThat(unmerged.json().get("unmergedFrom").asString()).isEqualTo(a);

        JsonNode restoredB = api(ERP).get(CUSTOMERS + "/" + b).json();
        assertThat(restoredB.get("customerId").asString()).isEqualTo(b);
        assertThat(restoredB.has("resolvedFrom")).isFalse();
        assertThat(restoredB.get("email").asString()).isEqualTo(emailB);
        assertThat(restoredB.get("lastName").asString()).isEqualTo("L\u00f3pez-Ruiz");
        JsonNode restoredA = api(ERP).get(CUSTOMERS + "/" + a).json();
        assertThat(restoredA.get("mergedFrom").size()).isZero();
        assertThat(restoredA.get("lastName").asString()).isEqualTo("Lopez");
        assertThat(api(ERP).get(CUSTOMERS + "?source=pos&sourceId=" + sourceB).json().get("customerId").asString()).isEqualTo(b);
        assertThat(api(POS).post(CUSTOMERS, customer("source", "pos", "phone", e164(phoneB))).json().get("customerId").asString())
                .isEqualTo(b);

        var again = api(ERP).send("POST", CUSTOMERS + "/" + b + "/unmerge", null, null);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.header("Idempotent-Replay")).isEqualTo("true");
        assertThat(eventData("customer.unmerged", b)).hasSize(1);
        assertThat(api(ERP).get(CUSTOMERS + "/" + a + "/merges").json().get(0).get("unmergedBy").asString()).isEqualTo("ops");
    }

    @Test
    void aMergeOfMergesUnmergesOneLevelAtATime() {
        String e1 = anyEmail();
        String e2 = anyEmail();
        String e3 = anyEmail();
        String p2 = anyUsNumber();
        String p3 = anyUsNumber();
        String c1 = record(WEB, customer("source", "shopify", "email", e1)).get("customerId").asString();
        String c2 = record(WEB, customer("source", "shopify", "email", e2, "phone", p2)).get("customerId").asString();
        String c3 = record(WEB, customer("source", "shopify", "email", e3, "phone", p3)).get("customerId").asString();
        record(POS, customer("source", "pos", "email", e2, "phone", p3));   // c3 into c2
        record(POS, customer("source", "pos", "email", e1, "phone", p2));   // c2 (with c3) into c1
        assertThat(texts(api(ERP).get(CUSTOMERS + "/" + c3).json().get("mergedFrom"))).containsExactlyInAnyOrder(c2, c3);
        assertThat(api(ERP).get(CUSTOMERS + "/" + c3).json().get("customerId").asString()).isEqualTo(c1);

        assertThat(api(OPS).send("POST", CUSTOMERS + "/" + c2 + "/unmerge", null, null).status()).isEqualTo(200);
        JsonNode two = api(ERP).get(CUSTOMERS + "/" + c3).json();
        assertThat(two.get("customerId").asString()).as("c3 goes with c2, the customer it was merged into").isEqualTo(c2);
        assertThat(texts(two.get("mergedFrom"))).containsExactly(c3);
        assertThat(api(ERP).get(CUSTOMERS + "/" + c1).json().get("mergedFrom").size()).isZero();
    }

    @Test
    void groupingDoesNotDependOnTheOrderSubmissionsArrive() {
        java.util.Random random = new java.util.Random(20261127L);
        for (int trial = 0; trial < 3; trial++) {
            List<int[]> submissions = new ArrayList<>();
            for (int i = 0; i < 7; i++) {
                int email = random.nextInt(5) - 1;
                int phone = random.nextInt(5) - 1;
                int source = random.nextInt(4) - 1;
                if (email < 0 && phone < 0 && source < 0) {
                    email = random.nextInt(4);
                }
                submissions.add(new int[] {email, phone, source});
            }
            List<int[]> shuffled = new ArrayList<>(submissions);
            java.util.Collections.shuffle(shuffled, random);
            assertThat(partition(submit(shuffled))).as("trial " + trial).isEqualTo(partition(submit(submissions)));
        }
    }

    // ---- erasure -------------------------------------------------------------------------------------------------

    @Test
    void erasureRemovesPersonalDataEverywhereAndTheEmailNoLongerMatches() throws SQLException {
        String emailX = anyEmail();
        String emailY = anyEmail();
        String phoneX = anyUsNumber();
        String phoneY = anyUsNumber();
        String lastName = "Zq" + unique("n").replace("-", "");
        String sourceX = unique("POSCUST");
        String x = record(POS, customer("source", "pos", "sourceId", sourceX, "email", emailX, "phone", phoneX,
                "firstName", "Ana", "lastName", lastName)).get("customerId").asString();
        String y = record(WEB, customer("source", "shopify", "email", emailY, "phone", phoneY, "lastName", lastName))
                .get("customerId").asString();
        record(POS, customer("source", "pos", "email", emailX, "phone", phoneY));   // y merges into x

        assertThat(api(POS).send("POST", CUSTOMERS + "/" + x + "/erasure", null, null).status()).isEqualTo(403);
        var erased = api(OPS).send("POST", CUSTOMERS + "/" + y + "/erasure", null, null);
        assertThat(erased.status()).as(erased.toString()).isEqualTo(200);
        assertThat(erased.json().get("customerId").asString()).as("the person: the whole merge group").isEqualTo(x);
        assertThat(texts(erased.json().get("erasedIds"))).containsExactlyInAnyOrder(x, y);

        JsonNode view = api(ERP).get(CUSTOMERS + "/" + y).json();
        assertThat(view.get("customerId").asString()).as("the ids stay for financial records").isEqualTo(x);
        assertThat(view.get("status").asString()).isEqualTo("ERASED");
        assertThat(view.has("email") || view.has("phone") || view.has("lastName") || view.has("firstName")).isFalse();
        assertThat(api(ERP).get(CUSTOMERS + "?source=pos&sourceId=" + sourceX).status()).isEqualTo(404);

        for (String personal : List.of(emailX, emailY, phoneX, phoneY, e164(phoneX), lastName.toLowerCase(Locale.ROOT))) {
            assertThat(columnsContaining(personal)).as("nothing stored still holds it").isEmpty();
        }
        List<String> erasedEvents = eventData("customer.erased", x);
        assertThat(erasedEvents).hasSize(1);
        assertThat(erasedEvents.get(0)).as("each system is told its own id for the customer, to erase its copy")
                .contains(y).contains(sourceX);
        assertThat(columnsContaining(sourceX)).as("the link itself is gone").containsExactly("outbox_event.data");

        var again = api(OPS).send("POST", CUSTOMERS + "/" + x + "/erasure", null, null);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.header("Idempotent-Replay")).isEqualTo("true");
        assertThat(eventData("customer.erased", x)).hasSize(1);
        assertThat(api(OPS).send("POST", CUSTOMERS + "/" + y + "/unmerge", null, null).status()).isEqualTo(409);

        var later = api(POS).post(CUSTOMERS, customer("source", "pos", "email", emailX.toUpperCase(Locale.ROOT), "phone", phoneY));
        assertThat(later.status()).isEqualTo(201);
        assertThat(later.json().get("matchedBy").asString()).as("an erased email does not re-link").isEqualTo("NEW");
        assertThat(later.json().get("customerId").asString()).isNotIn(x, y);
    }

    @Test
    void erasureReachesAReturnParkedBeforeItsSaleWhichStillAppliesToTheErasedId() throws SQLException {
        EarlyReturn r = earlyReturn();
        r.giveBack().put("customer", new java.util.LinkedHashMap<>(Map.of("email", r.email(), "phone", r.phone(), "firstName", "Ana",
                "lastName", r.lastName(), "sourceId", r.sourceId())));
        var parked = api(POS).post("/api/v1/pos/transactions", r.giveBack());
        assertThat(parked.status()).as(parked.toString()).isEqualTo(202);
        String customerId = api(ERP).get(CUSTOMERS + "?source=pos&sourceId=" + r.sourceId()).json().get("customerId").asString();

        var erased = api(OPS).send("POST", CUSTOMERS + "/" + customerId + "/erasure", null, null);
        assertThat(erased.status()).as(erased.toString()).isEqualTo(200);
        for (String personal : List.of(r.email(), r.phone(), e164(r.phone()), r.lastName().toLowerCase(Locale.ROOT))) {
            assertThat(columnsContaining(personal)).as("nothing stored still holds it, the parked return included").isEmpty();
        }
        assertThat(columnsContaining(r.sourceId())).as("the parked return keeps the customer id, not the source's link")
                .containsExactly("outbox_event.data");
        assertThat(columnsContaining(r.returnId())).as("the scan sees the parked return").contains("parked_work.work_id");

        assertThat(r.saleArrives().json().get("customerId").asString()).as("linked to the erased customer's id").isEqualTo(customerId);
        assertThat(jdbc.sql("SELECT customer_id FROM sales_order WHERE order_ref = ?").param(r.returnId()).query(String.class).single())
                .isEqualTo(customerId);
        for (String personal : List.of(r.email(), r.phone(), r.lastName().toLowerCase(Locale.ROOT))) {
            assertThat(columnsContaining(personal)).as("applying it brought nothing back").isEmpty();
        }
    }

    @Test
    void aReturnParkedWithTheCustomersDetailsBeforeParkingResolvedThemKeepsTheIdOnlyAfterTheScrub() throws SQLException {
        EarlyReturn r = earlyReturn();
        assertThat(api(POS).post("/api/v1/pos/transactions", r.giveBack()).status()).isEqualTo(202);
        // As V202611290100 moved such a return from the old parking table: the customer's details, no customer id.
        ObjectNode legacy = (ObjectNode) json.readTree(jdbc.sql("SELECT command FROM parked_work WHERE kind = 'RETURN' AND work_id = ?")
                .param(r.returnId()).query(String.class).single());
        legacy.set("customer", json.valueToTree(Map.of("email", r.email(), "phone", r.phone(), "firstName", "Ana", "lastName", r.lastName())));
        legacy.put("customerSourceId", r.sourceId());
        legacy.putNull("customerId");
        jdbc.sql("UPDATE parked_work SET command = ? WHERE kind = 'RETURN' AND work_id = ?").params(json.writeValueAsString(legacy), r.returnId())
                .update();
        assertThat(columnsContaining(r.lastName())).as("the old shape holds the details").containsExactly("parked_work.command");

        assertThat(scrub.run()).isPositive();
        assertThat(scrub.run()).as("a scrubbed return has nothing left to scrub").isZero();
        for (String personal : List.of(r.email(), r.phone(), r.lastName())) {
            assertThat(columnsContaining(personal)).as("the parked return no longer holds it").doesNotContain("parked_work.command");
        }
        String customerId = api(ERP).get(CUSTOMERS + "?source=pos&sourceId=" + r.sourceId()).json().get("customerId").asString();
        assertThat(api(OPS).send("POST", CUSTOMERS + "/" + customerId + "/erasure", null, null).status()).isEqualTo(200);
        for (String personal : List.of(r.email(), r.phone(), e164(r.phone()), r.lastName())) {
            assertThat(columnsContaining(personal)).as("erasure reaches everything, the scrubbed return included").isEmpty();
        }

        assertThat(r.saleArrives().json().get("customerId").asString()).as("linked to the id its details resolved to").isEqualTo(customerId);
    }

    /** A return of a style made for the test, sent before its sale, with fresh personal data for its customer. */
    private record EarlyReturn(String sku, String email, String phone, String lastName, String sourceId, String saleId, String returnId,
                               Map<String, Object> giveBack, Api pos) {

        /** The sale arrives (201), and the return parked for it answers as applied (200). */
        Api.Response saleArrives() {
            var sold = pos.post("/api/v1/pos/transactions", transaction(saleId, "SALE", Map.of("lineNo", 1, "sku", sku, "quantity", 1,
                    "unitPrice", "89.00", "discount", "0.00", "tax", "0.00"), "89.00"));
            assertThat(sold.status()).as(sold.toString()).isEqualTo(201);
            var replay = pos.post("/api/v1/pos/transactions", giveBack);
            assertThat(replay.status()).as("the parked return was applied with its sale").isEqualTo(200);
            return replay;
        }
    }

    private EarlyReturn earlyReturn() {
        String style = unique("PII");
        String sku = io.selvedge.testing.Fixtures.sku(style, "M");
        assertThat(api(ERP).put("/api/v1/catalog/styles/" + style, io.selvedge.testing.Fixtures.anyStyle(style)).status()).isEqualTo(200);
        String saleId = unique("ABK-R1");
        String returnId = unique("ABK-R2");
        Map<String, Object> giveBack = transaction(returnId, "RETURN", Map.of("lineNo", 1, "sku", sku, "quantity", 1, "unitPrice", "89.00",
                "discount", "0.00", "tax", "0.00", "returnOf", Map.of("orderRef", saleId, "lineNo", 1), "condition", "RESALEABLE"), "-89.00");
        return new EarlyReturn(sku, anyEmail(), anyUsNumber(), "Zq" + unique("n").replace("-", ""), unique("POSCUST"), saleId, returnId,
                giveBack, api(POS));
    }

    private static Map<String, Object> transaction(String id, String type, Map<String, Object> line, String amount) {
        return io.selvedge.testing.Fixtures.posTransaction(id, type, List.of(line), List.of(Map.of("type", "CASH", "amount", amount)));
    }

    @Test
    void erasureOfAnUnknownCustomerIsNotFound() {
        assertThat(api(OPS).send("POST", CUSTOMERS + "/C-NOSUCHCUSTOMER/erasure", null, null).status()).isEqualTo(404);
        assertThat(api(OPS).send("POST", CUSTOMERS + "/C-NOSUCHCUSTOMER/unmerge", null, null).status()).isEqualTo(404);
    }

    // ---- helpers ---------------------------------------------------------------------------------------------

    private JsonNode record(String key, Map<String, Object> body) {
        var response = api(key).post(CUSTOMERS, body);
        assertThat(response.status()).as(response.toString()).isIn(200, 201);
        return response.json();
    }

    /** Posts the submissions (email, phone, source id indexes; -1 for none) with fresh keys, then finds each key's customer. */
    private Map<String, String> submit(List<int[]> submissions) {
        String run = unique("ord").toLowerCase(Locale.ROOT);
        List<String> phones = List.of(anyUsNumber(), anyUsNumber(), anyUsNumber(), anyUsNumber());
        Set<String> keys = new HashSet<>();
        for (int[] s : submissions) {
            Map<String, Object> body = customer("source", "pos",
                    "email", s[0] < 0 ? null : run + "-e" + s[0] + "@example.com",
                    "phone", s[1] < 0 ? null : phones.get(s[1]),
                    "sourceId", s[2] < 0 ? null : run + "-s" + s[2]);
            record(POS, body);
            if (s[0] >= 0) {
                keys.add("e" + s[0]);
            }
            if (s[1] >= 0) {
                keys.add("p" + s[1]);
            }
            if (s[2] >= 0) {
                keys.add("s" + s[2]);
            }
        }
        Map<String, String> customerOf = new HashMap<>();
        for (String key : keys) {
            int i = key.charAt(1) - '0';
            String id = switch (key.charAt(0)) {
                case 'e' -> record(ERP, customer("source", "probe", "email", run + "-e" + i + "@example.com")).get("customerId").asString();
                case 'p' -> record(ERP, customer("source", "probe", "phone", phones.get(i))).get("customerId").asString();
                default -> api(ERP).get(CUSTOMERS + "?source=pos&sourceId=" + run + "-s" + i).json().get("customerId").asString();
            };
            customerOf.put(key, id);
        }
        return customerOf;
    }

    /** The keys grouped by the customer they found; customer ids themselves differ between runs. */
    private static Set<Set<String>> partition(Map<String, String> customerOf) {
        Map<String, Set<String>> groups = new HashMap<>();
        customerOf.forEach((key, id) -> groups.computeIfAbsent(id, k -> new HashSet<>()).add(key));
        return new HashSet<>(groups.values());
    }

    private List<String> eventData(String type, String mentioning) {
        return jdbc.sql("SELECT data FROM outbox_event WHERE type = ? ORDER BY id").param(type).query(String.class).list()
                .stream().filter(d -> d.contains(mentioning)).toList();
    }

    /** Every text column of every table (outbox, idempotency log and all) whose value contains {@code needle}. */
    private List<String> columnsContaining(String needle) throws SQLException {
        List<String> hits = new ArrayList<>();
        try (Connection connection = dataSource.getConnection()) {
            DatabaseMetaData meta = connection.getMetaData();
            List<String[]> columns = new ArrayList<>();
            try (ResultSet rs = meta.getColumns(null, connection.getSchema(), "%", "%")) {
                while (rs.next()) {
                    int type = rs.getInt("DATA_TYPE");
                    if (type == Types.VARCHAR || type == Types.CHAR || type == Types.LONGVARCHAR || type == Types.CLOB
                            || type == Types.NVARCHAR) {
                        columns.add(new String[] {rs.getString("TABLE_NAME"), rs.getString("COLUMN_NAME")});
                    }
                }
            }
            assertThat(columns).as("the scan sees the customer tables").anyMatch(c -> c[0].equalsIgnoreCase("customer_attribute"));
            for (String[] c : columns) {
                long count = jdbc.sql("SELECT COUNT(*) FROM " + c[0] + " WHERE LOWER(" + c[1] + ") LIKE ?")
                        .param("%" + needle.toLowerCase(Locale.ROOT) + "%").query(Long.class).single();
                if (count > 0) {
                    hits.add(c[0] + "." + c[1]);
                }
            }
        }
        return hits;
    }

    private static List<String> fields(JsonNode problem) {
        return problem.get("errors").findValuesAsString("field");
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asString()));
        return out;
    }
}
