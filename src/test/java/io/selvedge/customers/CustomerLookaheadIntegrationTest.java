package io.selvedge.customers;

import static io.selvedge.customers.CustomerFixtures.anyEmail;
import static io.selvedge.customers.CustomerFixtures.anyUsNumber;
import static io.selvedge.customers.CustomerFixtures.e164;
import static io.selvedge.customers.CustomerFixtures.nationalFormat;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.selvedge.shared.ServerTiming;
import io.selvedge.shared.WriteTransactions;
import io.selvedge.testing.IntegrationTest;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A transaction's customer looked up ahead, on the request's thread, while its write waits for the writer: the write
 * takes what was found only when that needs no write, and the answer is the one the write would have found itself.
 */
class CustomerLookaheadIntegrationTest extends IntegrationTest {

    @Autowired
    CustomerDirectory directory;

    @Autowired
    WriteTransactions writes;

    @Autowired
    MeterRegistry meters;

    @Autowired
    JdbcClient jdbc;

    @Test
    void aReturningCustomerWhoSentNothingNewIsSettledAheadOfTheWrite() {
        String email = anyEmail();
        String phone = anyUsNumber();
        CustomerDetails details = new CustomerDetails(email, nationalFormat(phone), "Ana", null);
        CustomerMatch created = writes.write(() -> directory.resolve("pos", null, details, "US")).orElseThrow();

        long settledBefore = resolutions("EMAIL", "settled");
        CustomerLookahead ahead = directory.lookahead("pos", null,
                new CustomerDetails(" " + email.toUpperCase() + " ", e164(phone), "Ana", null), "US");
        ahead.run();
        CustomerMatch again = writes.write(() -> directory.resolve("pos", null, details, "US", ahead)).orElseThrow();

        assertThat(again).isEqualTo(new CustomerMatch(created.customerId(), "EMAIL"));
        assertThat(resolutions("EMAIL", "settled")).as("the write used what the lookahead found").isEqualTo(settledBefore + 1);
    }

    @Test
    void somethingNewIsWrittenByTheWriteItself() {
        String email = anyEmail();
        String phone = anyUsNumber();
        CustomerMatch created = writes.write(() -> directory.resolve("pos", null, new CustomerDetails(email, null, null, null), "US"))
                .orElseThrow();

        long unsettledBefore = resolutions("EMAIL", "unsettled");
        CustomerDetails withPhone = new CustomerDetails(email, nationalFormat(phone), "Ana", null);
        CustomerLookahead ahead = directory.lookahead("pos", "POS-" + unique("C"), withPhone, "US");
        ahead.run();
        CustomerMatch again = writes.write(() -> directory.resolve("pos", null, withPhone, "US", ahead)).orElseThrow();

        assertThat(again).isEqualTo(new CustomerMatch(created.customerId(), "EMAIL"));
        assertThat(resolutions("EMAIL", "unsettled")).isEqualTo(unsettledBefore + 1);
        CustomerMatch byPhone = writes.write(() -> directory.resolve("web", null, new CustomerDetails(null, e164(phone), null, null), "US"))
                .orElseThrow();
        assertThat(byPhone).as("the new phone was linked by the write").isEqualTo(new CustomerMatch(created.customerId(), "PHONE"));
        assertThat(api(ERP).get("/api/v1/customers/" + created.customerId()).json().get("firstName").asString()).isEqualTo("Ana");
    }

    @Test
    void aNewCustomerFoundFreshIsInsertedStraightAway() {
        String email = anyEmail();
        long freshBefore = resolutions("NEW", "fresh");
        CustomerDetails details = new CustomerDetails(email, null, "Ana", "Lopez");
        CustomerLookahead ahead = directory.lookahead("pos", null, details, "US");
        ahead.run();
        CustomerMatch created = writes.write(() -> directory.resolve("pos", null, details, "US", ahead)).orElseThrow();

        assertThat(created.matchedBy()).isEqualTo("NEW");
        assertThat(resolutions("NEW", "fresh")).isEqualTo(freshBefore + 1);
        assertThat(directory.resolve("pos", null, new CustomerDetails(email, null, null, null), "US").orElseThrow())
                .isEqualTo(new CustomerMatch(created.customerId(), "EMAIL"));
    }

    @Test
    void aCustomerCreatedBetweenTheLookaheadAndTheWriteIsFoundNotDuplicated() {
        String email = anyEmail();
        CustomerDetails details = new CustomerDetails(email, null, null, null);
        CustomerLookahead ahead = directory.lookahead("pos", null, details, "US");
        ahead.run(); // nobody has this email yet

        // another register creates the same customer before this transaction's write gets to it
        var other = api(WEB).post("/api/v1/customers", Map.of("source", "shopify", "sourceId", unique("SHOP"), "email", email));
        assertThat(other.status()).as(other.body()).isIn(200, 201);
        String otherId = other.json().get("customerId").asString();

        ServerTiming timing = new ServerTiming();
        ServerTiming before = ServerTiming.use(timing);
        CustomerMatch match;
        try {
            match = writes.write(() -> directory.resolve("pos", null, details, "US", ahead)).orElseThrow();
        } finally {
            ServerTiming.use(before);
        }
        assertThat(match).as("the insert the lookahead allowed lost the race; the retried write found the customer")
                .isEqualTo(new CustomerMatch(otherId, "EMAIL"));
        assertThat(timing.has("commit")).as("the retried write's commit is timed").isTrue();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM customer_identifier WHERE kind = 'EMAIL' AND norm_value = ?").param(email)
                .query(Long.class).single()).as("one customer holds the email").isEqualTo(1);
        assertThat(api(ERP).get("/api/v1/customers/" + otherId).json().get("email").asString()).isEqualTo(email);
    }

    @Test
    void aLookaheadTheWriteGotToFirstIsNotUsedAndDoesNothingAfter() {
        String email = anyEmail();
        CustomerDetails details = new CustomerDetails(email, null, null, null);
        CustomerLookahead ahead = directory.lookahead("pos", null, details, "US");
        long missedBefore = resolutions("NEW", "missed");
        CustomerMatch created = writes.write(() -> directory.resolve("pos", null, details, "US", ahead)).orElseThrow();
        assertThat(created.matchedBy()).isEqualTo("NEW");
        assertThat(resolutions("NEW", "missed")).isEqualTo(missedBefore + 1);

        long lookupsBefore = meters.find("selvedge.customers.lookahead").timers().stream().mapToLong(Timer::count).sum();
        ahead.run();
        assertThat(meters.find("selvedge.customers.lookahead").timers().stream().mapToLong(Timer::count).sum())
                .as("a lookahead already taken does not look").isEqualTo(lookupsBefore);
    }

    @Test
    void aLookaheadsCustomerMergedMeanwhileStillResolvesThroughItsAlias() {
        String email = anyEmail();
        String phone = anyUsNumber();
        CustomerMatch byEmail = writes.write(() -> directory.resolve("pos", null, new CustomerDetails(email, null, null, null), "US"))
                .orElseThrow();
        CustomerMatch byPhone = writes.write(() -> directory.resolve("pos", null, new CustomerDetails(null, e164(phone), null, null), "US"))
                .orElseThrow();
        CustomerDetails phoneOnly = new CustomerDetails(null, e164(phone), null, null);
        CustomerLookahead ahead = directory.lookahead("pos", null, phoneOnly, "US");
        ahead.run(); // settled: the phone's own customer

        // meanwhile a web order shows the email and the phone are one person: the younger record merges into the older
        writes.write(() -> directory.resolve("web", null, new CustomerDetails(email, e164(phone), null, null), "US"));

        CustomerMatch match = writes.write(() -> directory.resolve("pos", null, phoneOnly, "US", ahead)).orElseThrow();
        assertThat(match.customerId()).isIn(byEmail.customerId(), byPhone.customerId());
        var view = api(ERP).get("/api/v1/customers/" + match.customerId()).json();
        assertThat(view.get("customerId").asString()).as("whichever record it names resolves to the survivor")
                .isEqualTo(byEmail.customerId());
    }

    /** Resolutions timed inside the write, by how they matched and what the lookahead had found by then. */
    private long resolutions(String matchedBy, String lookahead) {
        Timer timer = meters.find("selvedge.customers.resolve").tag("matchedBy", matchedBy).tag("lookahead", lookahead).timer();
        return timer == null ? 0 : timer.count();
    }
}
