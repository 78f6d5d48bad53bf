package io.selvedge.sales;

import io.selvedge.shared.WriteTransactions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Once at start: parked returns that still hold a customer's details (parked before parking resolved them) keep the
 * customer id only from then on. Batches of their own writes; safe with several instances at once, since each row
 * is locked and looked at again, and a rewritten one has nothing left to scrub.
 */
@Component
public class ParkedCustomerScrub {

    private static final Logger log = LoggerFactory.getLogger(ParkedCustomerScrub.class);
    private static final int BATCH = 200;

    private final ParkedTransactions parked;
    private final WriteTransactions writes;

    ParkedCustomerScrub(ParkedTransactions parked, WriteTransactions writes) {
        this.parked = parked;
        this.writes = writes;
    }

    @EventListener(ApplicationReadyEvent.class)
    void atStart() {
        try {
            run();
        } catch (RuntimeException e) {
            // Not a reason to refuse traffic: what is left is scrubbed at the next start. No details in the message.
            log.warn("event=parked.customer-details-scrub-failed error={}", e.getClass().getSimpleName());
        }
    }

    /** Scrubs every parked return; answers how many were rewritten. */
    public int run() {
        int rewritten = 0;
        String after = null;
        do {
            String from = after;
            ParkedTransactions.Scrubbed batch = writes.write(() -> parked.scrubCustomerDetails(from, BATCH));
            rewritten += batch.rewritten();
            after = batch.lastId();
        } while (after != null);
        if (rewritten > 0) {
            log.info("event=parked.customer-details-scrubbed returns={}", rewritten);
        }
        return rewritten;
    }
}
