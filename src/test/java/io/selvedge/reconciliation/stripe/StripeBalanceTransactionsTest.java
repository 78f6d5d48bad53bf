package io.selvedge.reconciliation.stripe;

import static org.assertj.core.api.Assertions.assertThat;

import io.selvedge.reconciliation.Samples;
import io.selvedge.reconciliation.domain.LineCategory;
import io.selvedge.reconciliation.domain.Parsed;
import io.selvedge.reconciliation.domain.ProcessorLine;
import io.selvedge.reconciliation.domain.ProcessorReport;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

class StripeBalanceTransactionsTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Stripe's API fixtures: the balance transaction and payout resources, listed as the API lists them. */
    private static String fixtureList() {
        assertThat(Samples.files("stripe")).containsExactly("stripe/fixtures3.json");
        JsonNode resources = JSON.readTree(Samples.bytes("stripe/fixtures3.json")).get("resources");
        ObjectNode list = JSON.createObjectNode();
        list.put("object", "list");
        list.putArray("data").add(resources.get("balance_transaction")).add(resources.get("payout"));
        list.put("has_more", false);
        return JSON.writeValueAsString(list);
    }

    @Test
    void readsTheBalanceTransactionAndThePayoutOfStripesFixtures() {
        String list = fixtureList();
        assertThat(StripeBalanceTransactions.looksLike(list)).isTrue();
        ProcessorReport report = accepted(list);
        assertThat(report.format()).isEqualTo(ProcessorReport.STRIPE);
        assertThat(report.lines()).hasSize(2);

        ProcessorLine charge = report.lines().get(0);
        assertThat(charge.category()).isEqualTo(LineCategory.SETTLED);
        assertThat(charge.modificationReference()).isEqualTo("txn_1PgaxNB7WZ01zgkWEV3TLf40");
        assertThat(charge.pspReference()).isEqualTo("ch_1PgafuB7WZ01zgkWXYmPNZs8");
        assertThat(charge.gross().toString()).isEqualTo("1.00 USD");
        assertThat(charge.net().toString()).isEqualTo("1.00 USD");
        assertThat(charge.fees()).isZero();
        assertThat(charge.createdAt()).isEqualTo(Instant.ofEpochSecond(1234567890));
        assertThat(charge.tradeDate()).isEqualTo(LocalDate.of(2009, 2, 13));

        ProcessorLine payout = report.lines().get(1);
        assertThat(payout.category()).isEqualTo(LineCategory.PAYOUT);
        assertThat(payout.payoutReference()).isEqualTo("po_1Pgc79B7WZ01zgkWu1KToYf4");
        assertThat(payout.payoutAmount().toString()).isEqualTo("11.00 USD");
        assertThat(payout.payoutDate()).isEqualTo(LocalDate.of(2009, 2, 13));
    }

    @Test
    void mergesAPayoutObjectWithItsBalanceTransactionAndItemisesStripeFees() {
        String body = """
                {"object": "list", "data": [
                  {"id": "txn_A", "object": "balance_transaction", "amount": 9745, "fee": 313, "net": 9432, "currency": "usd",
                   "type": "charge", "reporting_category": "charge", "created": 1764367270, "available_on": 1764547200,
                   "fee_details": [{"amount": 283, "type": "stripe_fee"}, {"amount": 30, "type": "tax"}],
                   "source": {"id": "ch_A", "object": "charge", "payment_intent": "pi_A",
                              "payment_method_details": {"card": {"last4": "4242", "brand": "visa"}}}},
                  {"id": "txn_R", "object": "balance_transaction", "amount": -1000, "fee": 0, "net": -1000, "currency": "usd",
                   "type": "refund", "reporting_category": "refund", "created": 1764367300, "source": "re_R"},
                  {"id": "txn_P", "object": "balance_transaction", "amount": -8432, "fee": 0, "net": -8432, "currency": "usd",
                   "type": "payout", "reporting_category": "payout", "created": 1764400000, "available_on": 1764400000, "source": "po_P"},
                  {"id": "po_P", "object": "payout", "amount": 8432, "currency": "usd", "arrival_date": 1764547200,
                   "created": 1764400000, "status": "paid", "balance_transaction": "txn_P", "trace_id": {"status": "supported", "value": "TRACE123"}}
                ]}""";
        ProcessorReport report = accepted(body);
        assertThat(report.lines()).extracting(ProcessorLine::category)
                .containsExactly(LineCategory.SETTLED, LineCategory.REFUND, LineCategory.PAYOUT);
        ProcessorLine charge = report.lines().get(0);
        assertThat(charge.commission()).isEqualTo(283L);
        assertThat(charge.fees()).isEqualTo(313L);
        assertThat(charge.last4()).isEqualTo("4242");
        assertThat(charge.references()).containsExactly("ch_A", "pi_A", "txn_A");
        ProcessorLine payout = report.lines().get(2);
        assertThat(payout.payoutDate()).isEqualTo(LocalDate.of(2025, 12, 1));
        assertThat(payout.merchantReference()).isEqualTo("TRACE123");
        assertThat(payout.payoutAmount().toDecimalString()).isEqualTo("84.32");
    }

    @Test
    void refusesMalformedTransactionsNamingTheJsonPath() {
        assertThat(refused("{\"object\": \"list\", \"data\": [{\"id\": \"txn_1\", \"object\": \"balance_transaction\", \"amount\": 12.5, "
                + "\"fee\": 0, \"net\": 12.5, \"currency\": \"usd\", \"type\": \"charge\", \"created\": 1}]}"))
                .containsExactly("$.data[0].amount", "must be an integer (Stripe amounts are in minor units), not 12.5");
        assertThat(refused("[{\"id\": \"txn_1\", \"object\": \"balance_transaction\", \"amount\": 100, \"fee\": 3, \"net\": 100, "
                + "\"currency\": \"usd\", \"type\": \"charge\", \"created\": 1}]"))
                .containsExactly("$[0].net", "net 100 is not amount 100 minus fee 3");
        assertThat(refused("[{\"id\": \"ch_1\", \"object\": \"charge\"}]")).containsExactly("$[0].object",
                "'charge' is not a balance_transaction or a payout");
        List<String> truncated = refused("{\"object\": \"list\", \"data\": [{\"id\": \"txn_1\", \"amou");
        assertThat(truncated.get(0)).startsWith("line 1, column");
        assertThat(truncated.get(1)).startsWith("not valid JSON");
    }

    private static ProcessorReport accepted(String body) {
        Parsed<ProcessorReport> parsed = StripeBalanceTransactions.parse(body.getBytes(StandardCharsets.UTF_8));
        assertThat(parsed).isInstanceOf(Parsed.Accepted.class);
        return ((Parsed.Accepted<ProcessorReport>) parsed).value();
    }

    private static List<String> refused(String body) {
        Parsed<ProcessorReport> parsed = StripeBalanceTransactions.parse(body.getBytes(StandardCharsets.UTF_8));
        assertThat(parsed).isInstanceOf(Parsed.Refused.class);
        Parsed.Refused<ProcessorReport> refused = (Parsed.Refused<ProcessorReport>) parsed;
        return List.of(refused.location(), refused.reason());
    }
}
