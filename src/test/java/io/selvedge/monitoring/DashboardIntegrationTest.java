package io.selvedge.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.selvedge.testing.TestDatabase;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The dashboard at {@code /} in a real headless Chromium: it loads without a key, connects with one, shows a
 * store going SILENT and back to OK without a reload, and its Replay button delivers a dead letter to a
 * subscriber that was down and came back. Screenshots go to {@code target/monitoring/}. Skipped only when no
 * Chromium is installed (CI installs Debian's {@code chromium}).
 */
class DashboardIntegrationTest extends MonitoringTestBase {

    private static final String ABK_SALES = "[data-row=\"sales/pos/STORE-ABK\"]";

    private Path chromium;

    @BeforeEach
    void needsChromium() {
        chromium = HeadlessChromium.find().orElse(null);
        Assumptions.assumeTrue(chromium != null, "no chromium on this machine (apt-get install chromium)");
    }

    @Test
    void thePageItselfNeedsNoKeyAndRefusesAWrongOne() throws Exception {
        var page = anonymous().get("/");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.contentType()).startsWith("text/html");
        assertThat(page.body()).contains("Selvedge").contains("/monitoring/dashboard.js");

        try (HeadlessChromium browser = HeadlessChromium.launch(chromium, 1280, 800)) {
            browser.open(anonymous().base() + "/#key=not-a-key");
            browser.waitFor("the key form with a refusal", "!document.getElementById('key-form').hidden"
                    + " && document.getElementById('key-error').textContent.includes('not one the contract knows')");
            assertThat(browser.eval("location.href").asString()).as("the key leaves the address bar").doesNotContain("key=");
            assertThat(browser.eval("document.getElementById('board').hidden").asBoolean()).isTrue();
        }
    }

    @Test
    void showsAStoreGoingSilentAndBackAndReplaysADeadLetter() throws Exception {
        jumpTo(DayOfWeek.SATURDAY, LocalTime.of(11, 0), LOS_ANGELES);
        try (Subscriber subscriber = Subscriber.start(503)) {
            String subscriptionId = api(OPS).post("/api/v1/subscriptions", Map.of("url", subscriber.url(),
                    "events", List.of("order.created"), "locations", List.of("STORE-ABK"), "secret", "monitoring-secret-0123"))
                    .json().get("subscriptionId").asString();
            try {
                sell("STORE-ABK", Duration.ofSeconds(2));
                sell("STORE-MEL", Duration.ofSeconds(3));
                long deadLetter = awaitDeadLetter(subscriptionId);
                String strayCredit = bankCreditNobodyExplains();

                try (HeadlessChromium browser = HeadlessChromium.launch(chromium, 1440, 1000)) {
                    browser.open(anonymous().base() + "/?refresh=1#key=" + OPS);
                    browser.waitFor("the ABK sales row as OK", "document.querySelector('" + ABK_SALES + "')?.dataset.status === 'OK'");
                    browser.eval("window.sameLoad = true");
                    assertThat(browser.eval("document.querySelectorAll('tr.flow-row').length").asInt())
                            .as("every row of the contract").isGreaterThanOrEqualTo(17);
                    assertThat(browser.eval("document.querySelector('" + ABK_SALES + " td.num:nth-of-type(8)').textContent").asString())
                            .as("lag p50 of the one sale").isEqualTo("2.0 s");
                    browser.waitFor("the dead letter with its Replay button",
                            "document.querySelector('[data-dead-letter=\"" + deadLetter + "\"] button[data-replay]')");
                    assertThat(browser.eval("document.querySelector('#lag-chart svg polyline') !== null").asBoolean())
                            .as("a lag chart is drawn").isTrue();
                    browser.waitFor("every store in the catalogue panel", "document.querySelector('[data-catalogue=\"STORE-SOHO\"]')");
                    browser.waitFor("the parked returns panel", "document.querySelector('#parked tbody tr')");
                    browser.waitFor("the subscriber with its backlog", "document.querySelector('[data-subscriber=\"" + subscriptionId
                            + "\"]')?.dataset.undelivered === '0'");
                    browser.waitFor("the reconciliation exceptions", "document.querySelector('[data-exception=\"DEPOSIT_WITHOUT_PAYOUT\"]')");
                    assertThat(browser.eval("document.getElementById('reconciliation').textContent").asString())
                            .as("the stray credit among the exceptions").contains("deposit without payout").contains("55.55 USD")
                            .contains(strayCredit);
                    assertThat(browser.eval("Number(document.getElementById('recon-count').textContent)").asInt()).isPositive();
                    assertThat(browser.eval("document.querySelector('[data-kind=\"DEPOSIT_WITHOUT_PAYOUT\"] b').textContent").asInt())
                            .isPositive();
                    browser.screenshot(shot("dashboard"));

                    clock.advance(Duration.ofMinutes(45)); // 11:45 on a Saturday: ABK trades, 30m window passed
                    browser.waitFor("the ABK sales row as SILENT", "document.querySelector('" + ABK_SALES + "').dataset.status === 'SILENT'");
                    assertThat(browser.eval("document.querySelector('[data-location=\"STORE-ABK\"]').dataset.status").asString())
                            .isEqualTo("SILENT");
                    assertThat(browser.eval("document.querySelector('" + ABK_SALES + " td.why').textContent").asString())
                            .contains("trading time");
                    browser.screenshot(shot("dashboard-silent"));

                    sell("STORE-ABK", Duration.ofSeconds(1));
                    browser.waitFor("the ABK sales row as OK again", "document.querySelector('" + ABK_SALES + "').dataset.status === 'OK'");
                    assertThat(browser.eval("window.sameLoad === true").asBoolean()).as("updated in place, not reloaded").isTrue();

                    subscriber.respondWith(204);
                    int before = subscriber.accepted();
                    browser.eval("document.querySelector('button[data-replay=\"" + deadLetter + "\"]').click()");
                    browser.waitFor("the replay's confirmation",
                            "document.getElementById('replay-result').dataset.replayed === '" + deadLetter + "'");
                    browser.waitFor("the dead letter gone from the list",
                            "!document.querySelector('[data-dead-letter=\"" + deadLetter + "\"]')");
                    assertThat(subscriber.accepted()).as("the subscriber received the replayed event").isGreaterThan(before);
                    browser.screenshot(shot("dashboard-replayed"));
                }
                JsonNode replayed = api(OPS).get("/api/v1/dead-letters?status=REPLAYED").json().get("deadLetters");
                assertThat(replayed.toString()).contains("\"id\":" + deadLetter);
            } finally {
                api(OPS).send("DELETE", "/api/v1/subscriptions/" + subscriptionId, null, null);
            }
        }
    }

    /**
     * A bank credit of yesterday (the hub's day, UTC) that is neither a processor payout nor a store's cash deposit:
     * a reconciliation exception of the recent days the dashboard shows. Returns the bank's reference of it.
     */
    private String bankCreditNobodyExplains() {
        String day = clock.instant().minus(Duration.ofDays(1)).toString().substring(0, 10);
        String reference = unique("ACCTSVCR");
        String statement = unique("STMT");
        String camt = """
                <?xml version="1.0" encoding="UTF-8"?>
                <Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02">
                  <BkToCstmrStmt>
                    <GrpHdr><MsgId>%s</MsgId><CreDtTm>%sT06:00:00Z</CreDtTm></GrpHdr>
                    <Stmt>
                      <Id>%s</Id>
                      <Acct><Id><IBAN>US00SELV0000001234</IBAN></Id><Ccy>USD</Ccy></Acct>
                      <Ntry>
                        <Amt Ccy="USD">55.55</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts>
                        <BookgDt><Dt>%s</Dt></BookgDt><ValDt><Dt>%s</Dt></ValDt><AcctSvcrRef>%s</AcctSvcrRef>
                        <NtryDtls><TxDtls><RmtInf><Ustrd>INSURANCE REFUND</Ustrd></RmtInf></TxDtls></NtryDtls>
                      </Ntry>
                    </Stmt>
                  </BkToCstmrStmt>
                </Document>
                """.formatted(statement, day, statement, day, day, reference);
        var imported = api(OPS).send("POST", "/api/v1/reconciliation/bank-statements", "application/xml", camt);
        assertThat(imported.status()).as(imported.body()).isEqualTo(201);
        return reference;
    }

    private long awaitDeadLetter(String subscriptionId) {
        long[] id = {0};
        await("a dead letter for " + subscriptionId, () -> {
            for (JsonNode letter : api(OPS).get("/api/v1/dead-letters").json().get("deadLetters")) {
                if (letter.get("subscriptionId").asString().equals(subscriptionId)) {
                    id[0] = letter.get("id").asLong();
                    return true;
                }
            }
            return false;
        });
        return id[0];
    }

    private static Path shot(String name) {
        return Path.of("target", "monitoring", name + "-" + TestDatabase.kind() + ".png");
    }
}
