package io.selvedge.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.selvedge.contract.Contract;
import io.selvedge.events.EventFeed;
import io.selvedge.monitoring.domain.Status;
import io.selvedge.monitoring.jdbc.JdbcFlowStatuses;
import io.selvedge.shared.Outbox;
import io.selvedge.shared.WriteTransactions;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.JsonNode;

/** {@code GET /api/v1/monitoring/flows} and its alerts, driven through the public API on a clock the test moves. */
class FlowMonitoringIntegrationTest extends MonitoringTestBase {

    @Autowired
    Contract contract;
    @Autowired
    EventFeed feed;
    @Autowired
    JdbcFlowStatuses statuses;
    @Autowired
    WriteTransactions writes;
    @Autowired
    Outbox outbox;
    @Autowired
    JsonMapper json;
    @Autowired
    MonitoringSettings settings;

    @Test
    void listsEveryFlowOfTheContractBySystemAndLocation() {
        var response = api(WEB).get("/api/v1/monitoring/flows");
        assertThat(response.status()).isEqualTo(200);
        List<String> rows = new ArrayList<>();
        for (JsonNode row : response.json()) {
            rows.add(row.get("flow").asString() + "/" + row.get("system").asString() + "/"
                    + (row.get("location").isNull() ? "*" : row.get("location").asString()));
            for (String field : List.of("lastEventAt", "received", "errored", "errorsByReason", "lagP50Ms", "lagP99Ms", "status")) {
                assertThat(row.has(field)).as(field + " in " + row).isTrue();
            }
        }
        assertThat(rows).contains("catalog/erp/*", "availability/hub/*", "availability/hub/WH1", "availability/hub/STORE-SOHO",
                "sales/pos/*", "sales/pos/STORE-ABK", "sales/pos/STORE-SOHO", "sales/pos/STORE-MEL", "sales/web/*",
                "sales/wholesale/*", "customers/hub/*", "settlement/pos/STORE-ABK");
        assertThat(rows).as("a store's own channel is its store row").noneMatch(r -> r.startsWith("sales/STORE-"));
        assertThat(anonymous().get("/api/v1/monitoring/flows").status()).isEqualTo(401);
    }

    @Test
    void refusesAnUnknownStatusFilterNamingTheParameter() {
        var response = api(OPS).get("/api/v1/monitoring/flows?status=GREEN");
        assertThat(response.status()).isEqualTo(422);
        assertThat(response.json().get("errors").get(0).get("field").asString()).isEqualTo("status");
    }

    @Test
    void aStoreThatSellsIsOkWithItsCountsAndExactLagPercentiles() {
        Instant now = jumpTo(DayOfWeek.SATURDAY, LocalTime.NOON, LOS_ANGELES);
        long before = row("sales", "pos", "STORE-MEL").get("received").asLong();
        sell("STORE-MEL", Duration.ofSeconds(2));
        sell("STORE-MEL", Duration.ofSeconds(4));
        sell("STORE-MEL", Duration.ofSeconds(6));

        JsonNode mel = row("sales", "pos", "STORE-MEL");
        assertThat(mel.get("status").asString()).isEqualTo("OK");
        assertThat(mel.get("received").asLong() - before).isEqualTo(3);
        assertThat(mel.get("lagP50Ms").asLong()).isEqualTo(4000);
        assertThat(mel.get("lagP99Ms").asLong()).isEqualTo(6000);
        assertThat(Instant.parse(mel.get("lastEventAt").asString())).isEqualTo(now);
        assertThat(mel.get("maxLagMs").asLong()).isEqualTo(10_000);

        JsonNode availability = row("availability", "hub", "STORE-MEL");
        assertThat(Instant.parse(availability.get("lastEventAt").asString())).as("each sale moved MEL's stock").isEqualTo(now);
        JsonNode fleet = row("sales", "pos", null);
        assertThat(fleet.get("received").asLong()).as("the pos system's meter counts every transaction").isGreaterThanOrEqualTo(3);
    }

    @Test
    void aSaleOlderThanMaxLagMakesTheStoreLateOnceAndItRecoversAfterTheWindow() {
        jumpTo(DayOfWeek.SATURDAY, LocalTime.of(13, 0), LOS_ANGELES);
        sell("STORE-ABK", Duration.ofSeconds(1));
        assertThat(status("sales", "pos", "STORE-ABK")).isEqualTo("OK");
        long position = settled("sales", "pos", "STORE-ABK");

        sell("STORE-ABK", Duration.ofSeconds(30));
        JsonNode late = row("sales", "pos", "STORE-ABK");
        assertThat(late.get("status").asString()).isEqualTo("LATE");
        assertThat(late.get("lagP99Ms").asLong()).isEqualTo(30_000);
        assertThat(late.get("reason").asString()).contains("maxLag 10s");
        await("the LATE alert", () -> !alerts(position, "sales", "pos", "STORE-ABK").isEmpty());
        pause(Duration.ofMillis(400)); // several sweeps: still one alert
        List<JsonNode> alerts = alerts(position, "sales", "pos", "STORE-ABK");
        assertThat(alerts).hasSize(1);
        assertThat(alerts.get(0).get("status").asString()).isEqualTo("LATE");
        assertThat(alerts.get(0).get("previousStatus").asString()).isEqualTo("OK");
        assertThat(alerts.get(0).get("lagP99Ms").asLong()).isEqualTo(30_000);

        clock.advance(Duration.ofMinutes(6));
        assertThat(status("sales", "pos", "STORE-ABK")).as("the late sale left the 5-minute window").isEqualTo("OK");
        await("the OK alert", () -> alerts(position, "sales", "pos", "STORE-ABK").size() == 2);
        pause(Duration.ofMillis(400));
        alerts = alerts(position, "sales", "pos", "STORE-ABK");
        assertThat(alerts).extracting(a -> a.get("status").asString()).containsExactly("LATE", "OK");
    }

    @Test
    void aStoreIsSilentOnlyAfterTheSilenceWindowOfItsOwnTradingHours() {
        // SoHo trades until 21:00 on Saturday and from 11:00 on Sunday (New York); the sales flow's window is 30m
        jumpTo(DayOfWeek.SATURDAY, LocalTime.of(20, 50), NEW_YORK);
        sell("STORE-SOHO", Duration.ofSeconds(1));
        assertThat(status("sales", "pos", "STORE-SOHO")).isEqualTo("OK");
        long position = settled("sales", "pos", "STORE-SOHO");

        clock.advance(Duration.ofHours(13).plusMinutes(40)); // Sunday 10:30: 13h40m quiet, 10 minutes of it trading
        assertThat(status("sales", "pos", "STORE-SOHO")).as("a store may be quiet at night").isEqualTo("OK");
        pause(Duration.ofMillis(300));
        assertThat(alerts(position, "sales", "pos", "STORE-SOHO")).isEmpty();

        clock.advance(Duration.ofMinutes(55)); // Sunday 11:25: 35 minutes of trading without a sale
        JsonNode silent = row("sales", "pos", "STORE-SOHO");
        assertThat(silent.get("status").asString()).isEqualTo("SILENT");
        assertThat(silent.get("reason").asString()).contains("30m of trading time");
        await("the SILENT alert", () -> alerts(position, "sales", "pos", "STORE-SOHO").size() == 1);

        sell("STORE-SOHO", Duration.ofSeconds(1));
        assertThat(status("sales", "pos", "STORE-SOHO")).isEqualTo("OK");
        await("the OK alert", () -> alerts(position, "sales", "pos", "STORE-SOHO").size() == 2);
        pause(Duration.ofMillis(400));
        assertThat(alerts(position, "sales", "pos", "STORE-SOHO")).extracting(a -> a.get("status").asString())
                .containsExactly("SILENT", "OK");
    }

    @Test
    void refusalsAboveTheThresholdMakeTheSystemFailingUntilTheyLeaveTheWindow() {
        jumpTo(DayOfWeek.SATURDAY, LocalTime.of(14, 0), LOS_ANGELES);
        sell("STORE-ABK", Duration.ofSeconds(1));
        long errorsBefore = errors(row("sales", "pos", null));
        voidOfNothing("STORE-ABK");
        voidOfNothing("STORE-ABK");
        assertThat(status("sales", "pos", null)).as("two refusals are not an outage").isNotEqualTo("FAILING");
        long position = settled("sales", "pos", null);
        voidOfNothing("STORE-ABK");

        JsonNode failing = row("sales", "pos", null);
        assertThat(failing.get("status").asString()).isEqualTo("FAILING");
        assertThat(failing.get("reason").asString()).startsWith("3 of 4 records errored");
        assertThat(errors(failing) - errorsBefore).isEqualTo(3);
        assertThat(failing.get("errored").asLong()).isGreaterThanOrEqualTo(3);
        assertThat(status("sales", "pos", "STORE-ABK")).as("the store's own row has no errors by location").isEqualTo("OK");
        await("the FAILING alert", () -> alerts(position, "sales", "pos", null).stream()
                .anyMatch(a -> a.get("status").asString().equals("FAILING")));

        clock.advance(Duration.ofMinutes(6));
        assertThat(status("sales", "pos", null)).isEqualTo("OK");
        var summary = api(OPS).get("/api/v1/monitoring/summary").json();
        assertThat(summary.get("recentErrors").toString()).contains("status-422");
    }

    @Test
    void theSummaryCarriesLagPerMinuteForTheChart() {
        jumpTo(DayOfWeek.SATURDAY, LocalTime.of(15, 0), LOS_ANGELES);
        sell("STORE-MEL", Duration.ofMillis(1500));
        var response = api(OPS).get("/api/v1/monitoring/summary?hours=1");
        assertThat(response.status()).isEqualTo(200);
        JsonNode mel = null;
        for (JsonNode series : response.json().get("lag")) {
            if ("STORE-MEL".equals(series.get("location").asString(null)) && series.get("flow").asString().equals("sales")) {
                mel = series;
            }
        }
        assertThat(mel).as(response.body()).isNotNull();
        JsonNode last = mel.get("points").get(mel.get("points").size() - 1);
        assertThat(last.get("p99Ms").asLong()).isEqualTo(1500);
        assertThat(api(OPS).get("/api/v1/monitoring/summary?hours=0").status()).isEqualTo(422);
    }

    @Test
    void aRestartedMonitorNeitherAlertsAgainNorForgetsHowLongAStoreHasBeenQuiet() {
        jumpTo(DayOfWeek.SATURDAY, LocalTime.of(16, 0), LOS_ANGELES);
        sell("STORE-MEL", Duration.ofSeconds(1));
        Instant sold = clock.instant();
        settled("sales", "pos", "STORE-MEL");
        clock.advance(Duration.ofMinutes(40));
        assertThat(status("sales", "pos", "STORE-MEL")).isEqualTo("SILENT");
        long position = settled("sales", "pos", "STORE-MEL");
        assertThat(anonymous().get("/actuator/prometheus").body())
                .contains("selvedge_monitoring_flow_status{flow=\"sales\",location=\"STORE-MEL\",system=\"pos\"} 2.0")
                .contains("selvedge_monitoring_flow_silence_seconds{flow=\"sales\",location=\"STORE-MEL\",system=\"pos\"} 2400.0");

        FlowMonitor restarted = new FlowMonitor(contract, feed, statuses, writes, outbox, new SimpleMeterRegistry(), json, clock, settings);
        FlowView mel = restarted.flows().stream()
                .filter(f -> f.flow().equals("sales") && "STORE-MEL".equals(f.location())).findFirst().orElseThrow();
        assertThat(mel.status()).isEqualTo(Status.SILENT);
        assertThat(mel.lastEventAt()).isEqualTo(sold);
        FlowView neverHeard = restarted.flows().stream()
                .filter(f -> f.flow().equals("settlement") && "STORE-MEL".equals(f.location())).findFirst().orElseThrow();
        assertThat(neverHeard.status()).as("quiet since monitoring began, not since the restart").isEqualTo(Status.SILENT);
        assertThat(restarted.sweep()).as("nothing changed, so nothing to alert").isEmpty();
        assertThat(alerts(position, "sales", "pos", "STORE-MEL")).isEmpty();
    }

    private static long errors(JsonNode row) {
        JsonNode byReason = row.get("errorsByReason");
        return byReason.has("status-422") ? byReason.get("status-422").asLong() : 0;
    }
}
