package io.selvedge.shopify.webhooks;

import io.selvedge.customers.CustomerDetails;
import io.selvedge.customers.CustomerDirectory;
import io.selvedge.customers.CustomerMatch;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * {@code customers/create} and {@code customers/update}: the customer flow resolves the Shopify customer to the hub's
 * one customer id (normalised email, then E.164 phone, then Shopify's id), linked under source {@code shopify} with
 * Shopify's customer id. Email, phone and names are kept; addresses, marketing consent, tags and notes are not.
 * Customers are state, so an update is the same resolution with newer values (survivorship decides).
 */
@Component
class CustomerWebhooks {

    static final String SOURCE = "shopify";

    private final Shop shop;
    private final CustomerDirectory customers;
    private final OrderWebhooks orders;

    CustomerWebhooks(Shop shop, CustomerDirectory customers, OrderWebhooks orders) {
        this.shop = shop;
        this.customers = customers;
        this.orders = orders;
    }

    Outcome recorded(JsonNode customer) {
        Payload p = new Payload();
        String id = p.id(customer, "id", "id");
        if (id == null) {
            return new Outcome.Refused(null, "not a Shopify customer", p.errors());
        }
        String gid = Payload.gidNumber(customer, "admin_graphql_api_id");
        List<String> notes = new ArrayList<>();
        if (gid != null && !gid.equals(id)) {
            notes.add("id " + id + " and admin_graphql_api_id …/" + gid + " differ (a producer rounded the number): the id is used");
        }
        String country = Payload.text(customer.path("default_address"), "country_code");
        if (country == null) {
            country = shop.shipFrom().country();
        }
        CustomerDetails details = orders.usable(new CustomerDetails(Payload.text(customer, "email"), Payload.text(customer, "phone"),
                Payload.text(customer, "first_name"), Payload.text(customer, "last_name")), country, notes);
        Optional<CustomerMatch> match = customers.resolve(SOURCE, id, details, country);
        if (match.isEmpty()) {
            return new Outcome.Ignored("shopify customer " + id, "nothing to identify the customer by");
        }
        notes.add(0, "matched by " + match.get().matchedBy());
        return new Outcome.Processed(match.get().customerId(), String.join("; ", notes), null);
    }
}
