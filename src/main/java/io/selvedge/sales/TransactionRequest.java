package io.selvedge.sales;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * The canonical POS transaction ({@code POST /api/v1/pos/transactions}) or a channel order ({@code POST /api/v1/orders}),
 * exactly as API.md names the fields. Orders carry {@code orderRef} and {@code channel} instead of store and register.
 * {@code employeeId} (optional, added to API.md's shape): who bought, on an employee sale, kept in the audit trail.
 */
public record TransactionRequest(
        String transactionId, String store, String register, LocalDate businessDay, Instant occurredAt, String type,
        String currency, Boolean employeeSale, Customer customer, List<Line> lines, List<Tender> tenders,
        List<Override> overrides, String voidOf,
        String orderRef, String channel, String reservationId, String employeeId) {

    public record Customer(String email, String phone, String firstName, String lastName, String sourceId) {
    }

    public record Line(Integer lineNo, String sku, Long quantity, String unitPrice, String discount, String tax,
                       ReturnOf returnOf, String condition) {
    }

    public record ReturnOf(String orderRef, Integer lineNo) {
    }

    public record Tender(String type, String brand, String amount, String reference, String last4) {
    }

    public record Override(String kind, Integer lineNo, String approvedBy, String reason) {
    }
}
