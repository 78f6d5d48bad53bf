package io.selvedge.customers;

import static io.selvedge.customers.CustomerFixtures.anyEmail;
import static io.selvedge.customers.CustomerFixtures.anyUsNumber;
import static io.selvedge.customers.CustomerFixtures.e164;
import static io.selvedge.customers.CustomerFixtures.nationalFormat;
import static org.assertj.core.api.Assertions.assertThat;

import io.selvedge.shared.FieldError;
import io.selvedge.shared.Violations;
import io.selvedge.shared.WriteTransactions;
import io.selvedge.testing.IntegrationTest;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The facade sales and orders use, called as they will: inside their own write. */
class CustomerDirectoryIntegrationTest extends IntegrationTest {

    @Autowired
    CustomerDirectory directory;

    @Autowired
    WriteTransactions writes;

    @Test
    void resolvesATransactionsCustomerInsideTheCallersWrite() {
        String email = anyEmail();
        String phone = anyUsNumber();
        String sourceId = unique("POSCUST");
        CustomerMatch first = writes.write(() -> directory.resolve("pos", sourceId,
                new CustomerDetails(email, nationalFormat(phone), "Ana", null), "US")).orElseThrow();
        assertThat(first.matchedBy()).isEqualTo("NEW");

        CustomerMatch byPhone = writes.write(() -> directory.resolve("web", null,
                new CustomerDetails(null, e164(phone), null, null), "US")).orElseThrow();
        assertThat(byPhone).isEqualTo(new CustomerMatch(first.customerId(), "PHONE"));

        CustomerMatch byEmail = directory.resolve("pos", null, new CustomerDetails(email.toUpperCase(), null, null, null), "US")
                .orElseThrow();
        assertThat(byEmail).isEqualTo(new CustomerMatch(first.customerId(), "EMAIL"));

        var view = api(ERP).get("/api/v1/customers?source=pos&sourceId=" + sourceId).json();
        assertThat(view.get("customerId").asString()).isEqualTo(first.customerId());
        assertThat(view.get("firstName").asString()).isEqualTo("Ana");
    }

    @Test
    void nothingToMatchOnResolvesToNothing() {
        Optional<CustomerMatch> none = writes.write(() -> directory.resolve("pos", null,
                new CustomerDetails(null, " ", "Ana", "Lopez"), "US"));
        assertThat(none).isEmpty();
    }

    @Test
    void unusablePartsAreIgnoredWhenResolving() {
        String phone = anyUsNumber();
        CustomerMatch match = writes.write(() -> directory.resolve("pos", null,
                new CustomerDetails("not-an-email", nationalFormat(phone), null, null), "US")).orElseThrow();
        assertThat(match.matchedBy()).isEqualTo("NEW");
        assertThat(api(ERP).get("/api/v1/customers/" + match.customerId()).json().has("email")).isFalse();
    }

    @Test
    void checkNamesEachBadFieldUnderTheCallersPrefix() {
        Violations violations = new Violations();
        directory.check("customer", new CustomerDetails("ana@", "555-0100", "A".repeat(201), "Lopez"), "US", violations);
        assertThat(violations.errors()).extracting(FieldError::field)
                .containsExactly("customer.email", "customer.phone", "customer.firstName");
        assertThat(violations.errors()).extracting(FieldError::message).noneMatch(m -> m.contains("555") || m.contains("ana"));

        Violations fine = new Violations();
        directory.check("customer", new CustomerDetails(" Ana@Example.com ", "(310) 555-0100", null, null), "US", fine);
        assertThat(fine.isEmpty()).isTrue();
    }

    @Test
    void checkedDetailsResolveAsUncheckedOnesAndAreReadAgainForAnotherCountry() {
        String email = anyEmail();
        String phone = anyUsNumber();
        CustomerDetails given = new CustomerDetails(" " + email.toUpperCase() + " ", nationalFormat(phone), "Ana", null);
        CustomerDetails checked = directory.check("customer", given, "US", new Violations());
        assertThat(checked).as("the same details, whatever was read of them").isEqualTo(given);
        assertThat(checked.toString()).doesNotContain(email).doesNotContain(phone);

        CustomerMatch created = writes.write(() -> directory.resolve("pos", null, checked, "US")).orElseThrow();
        assertThat(created.matchedBy()).isEqualTo("NEW");
        CustomerMatch byPhone = writes.write(() -> directory.resolve("pos", null,
                new CustomerDetails(null, e164(phone), null, null), "US")).orElseThrow();
        assertThat(byPhone).as("the phone was stored as read: E.164").isEqualTo(new CustomerMatch(created.customerId(), "PHONE"));

        // read for the US, resolved for Great Britain: the national number means another line there, so it is read again
        CustomerDetails phoneOnly = directory.check("customer", new CustomerDetails(null, nationalFormat(phone), null, null), "US",
                new Violations());
        Optional<CustomerMatch> inGreatBritain = writes.write(() -> directory.resolve("pos", null, phoneOnly, "GB"));
        assertThat(inGreatBritain.map(CustomerMatch::customerId)).isNotEqualTo(Optional.of(created.customerId()));
    }
}
