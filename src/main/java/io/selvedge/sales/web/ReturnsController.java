package io.selvedge.sales.web;

import io.selvedge.sales.ParkedTransactions;
import io.selvedge.sales.Returns;
import io.selvedge.shared.ProblemException;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** What monitoring and the POS read of returns: parked ones (and parked voids), unreferenced ones, and what an order has left to return. */
@RestController
class ReturnsController {

    private final Returns returns;
    private final ParkedTransactions parked;

    ReturnsController(Returns returns, ParkedTransactions parked) {
        this.returns = returns;
        this.parked = parked;
    }

    /**
     * Returns and voids waiting for their original (status PENDING_ORIGINAL by default), oldest first; {@code kind}
     * RETURN or VOID (both by default); {@code overdue=true}: past the window.
     */
    @GetMapping("/api/v1/returns/parked")
    List<Map<String, Object>> parked(@RequestParam(required = false) String store, @RequestParam(required = false) String status,
                                     @RequestParam(required = false) String kind, @RequestParam(defaultValue = "false") boolean overdue) {
        String stored = status == null ? null : status.toUpperCase(Locale.ROOT);
        if (stored != null && !Set.of("PENDING_ORIGINAL", "APPLIED", "REFUSED").contains(stored)) {
            throw ProblemException.invalid("status", "must be PENDING_ORIGINAL, APPLIED or REFUSED");
        }
        String of = kind == null ? null : kind.toUpperCase(Locale.ROOT);
        if (of != null && !ParkedTransactions.KINDS.contains(of)) {
            throw ProblemException.invalid("kind", "must be RETURN or VOID");
        }
        return parked.list(of, "PENDING_ORIGINAL".equals(stored) ? null : stored, store, overdue);
    }

    /** Returned lines that name no original order (blind returns the contract allows). */
    @GetMapping("/api/v1/returns/unreferenced")
    List<Map<String, Object>> unreferenced(@RequestParam(required = false) String store,
                                           @RequestParam(required = false) LocalDate businessDay) {
        return returns.unreferenced(store, businessDay);
    }

    /** Per sold line of an order, what is left to return; per payment, what is left to refund. */
    @GetMapping("/api/v1/returns/returnable")
    Map<String, Object> returnable(@RequestParam String orderRef) {
        return returns.returnable(orderRef).orElseThrow(() -> ProblemException.notFound("No order '" + orderRef + "' received"));
    }
}
