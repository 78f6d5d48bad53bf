package io.selvedge.customers;

import static io.selvedge.customers.CustomerFixtures.anyEmail;
import static io.selvedge.customers.CustomerFixtures.anyUsNumber;
import static io.selvedge.customers.CustomerFixtures.customer;
import static io.selvedge.customers.CustomerFixtures.nationalFormat;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import io.selvedge.testing.IntegrationTest;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** STYLE 13: logs are key=value and never carry personal data, at any level, ours or the framework's. */
class CustomerLogsIntegrationTest extends IntegrationTest {

    private static final String CUSTOMERS = "/api/v1/customers";

    @Test
    void logsCarryIdsButNeverEmailsPhonesOrNames() {
        Logger ours = (Logger) LoggerFactory.getLogger("io.selvedge");
        Logger web = (Logger) LoggerFactory.getLogger("org.springframework.web");
        Level oursBefore = ours.getLevel();
        Level webBefore = web.getLevel();
        ListAppender<ILoggingEvent> captured = new ListAppender<>();
        captured.start();
        ours.addAppender(captured);
        web.addAppender(captured);
        ours.setLevel(Level.TRACE);
        web.setLevel(Level.TRACE);
        String emailA = anyEmail();
        String emailB = anyEmail();
        String phoneA = anyUsNumber();
        String phoneB = anyUsNumber();
        String name = "Zq" + unique("n").replace("-", "");
        try {
            String a = api(WEB).post(CUSTOMERS, customer("source", "shopify", "email", emailA, "phone", nationalFormat(phoneA),
                    "firstName", name, "lastName", name)).json().get("customerId").asString();
            String b = api(POS).post(CUSTOMERS, customer("source", "pos", "email", emailB, "phone", phoneB, "lastName", name))
                    .json().get("customerId").asString();
            api(POS).post(CUSTOMERS, customer("source", "pos", "email", emailA, "phone", phoneB));
            api(ERP).get(CUSTOMERS + "/" + b);
            api(POS).post(CUSTOMERS, customer("source", "pos", "email", emailA + "@", "phone", "12", "firstName", name));
            api(OPS).send("POST", CUSTOMERS + "/" + b + "/unmerge", null, null);
            api(OPS).send("POST", CUSTOMERS + "/" + a + "/erasure", null, null);
        } finally {
            ours.detachAppender(captured);
            web.detachAppender(captured);
            ours.setLevel(oursBefore);
            web.setLevel(webBefore);
        }
        List<String> lines = captured.list.stream().map(e -> e.getFormattedMessage()
                + (e.getThrowableProxy() == null ? "" : ThrowableProxyUtil.asString(e.getThrowableProxy()))).toList();
        assertThat(lines).as("the capture works").anyMatch(l -> l.contains("event=customer.merged"));
        assertThat(lines).anyMatch(l -> l.contains("event=customer.erased"));
        for (String personal : List.of(emailA, emailB, phoneA, phoneB, phoneA.substring(3), name.toLowerCase(Locale.ROOT))) {
            assertThat(lines).as("no log line holds personal data").noneMatch(l -> l.toLowerCase(Locale.ROOT).contains(personal));
        }
    }
}
