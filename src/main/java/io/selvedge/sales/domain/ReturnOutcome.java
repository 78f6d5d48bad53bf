package io.selvedge.sales.domain;

import java.util.List;
import java.util.Map;

/** What the return rules decided: the money each payment gives back, or why the return is refused. */
public sealed interface ReturnOutcome {

    /**
     * @param draws   taken from original payments: through a refund tender ({@code tenderIndex}), or paid out another
     *                way (store credit) or re-used by an exchange ({@code tenderIndex} null)
     * @param credits what an exchange re-used, carried onto the exchange under the payment it came from
     */
    record Accepted(List<Draw> draws, List<Draw> credits) implements ReturnOutcome {

        public Accepted {
            draws = List.copyOf(draws);
            credits = List.copyOf(credits);
        }
    }

    /** {@code conflict}: refused because of what earlier transactions did (409), otherwise the request is wrong (422). */
    record Refused(boolean conflict, String field, String message, Map<String, Object> details) implements ReturnOutcome {

        public Refused {
            details = Map.copyOf(details);
        }
    }

    record Draw(String orderRef, TenderKey key, long amountMinor, Integer tenderIndex) {
    }
}
