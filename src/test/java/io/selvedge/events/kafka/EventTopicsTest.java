package io.selvedge.events.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.selvedge.events.domain.EventTypes;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class EventTopicsTest {

    private final EventTopics topics = new EventTopics("selvedge.");

    @Test
    void oneTopicPerFamilyNamedByTheTypeBeforeItsFirstDot() {
        assertThat(topics.topicOf("availability.changed")).isEqualTo("selvedge.availability");
        assertThat(topics.topicOf("order.created")).isEqualTo("selvedge.order");
        assertThat(topics.topicOf("order.refunded")).isEqualTo("selvedge.order");
        assertThat(topics.topicOf("order.voided")).isEqualTo("selvedge.order");
        assertThat(topics.topicOf("monitoring.alert")).isEqualTo("selvedge.monitoring");
        assertThat(new EventTopics("acme.prod.").topicOf("transfer.shipped")).isEqualTo("acme.prod.transfer");
    }

    @Test
    void pricesShareTheCatalogueTopicSoTheirOrderWithCatalogueChangesHolds() {
        assertThat(topics.topicOf("price.changed")).isEqualTo(topics.topicOf("catalog.changed")).isEqualTo("selvedge.catalog");
    }

    @Test
    void everyPublishedTypeHasOneOfTheDocumentedTopics() {
        Set<String> used = new TreeSet<>();
        EventTypes.PUBLISHED.forEach(type -> used.add(topics.topicOf(type)));
        assertThat(used).containsExactly("selvedge.availability", "selvedge.catalog", "selvedge.contract", "selvedge.customer",
                "selvedge.journal", "selvedge.monitoring", "selvedge.order", "selvedge.settlement", "selvedge.transfer");
    }

    @Test
    void refusesATypeWithoutAFamily() {
        assertThatThrownBy(() -> topics.topicOf(".changed")).isInstanceOf(IllegalArgumentException.class);
    }
}
