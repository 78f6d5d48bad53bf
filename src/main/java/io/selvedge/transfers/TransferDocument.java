package io.selvedge.transfers;

import io.selvedge.transfers.domain.ReceivedTransfer;
import io.selvedge.transfers.domain.ShippedTransfer;
import io.selvedge.transfers.domain.Transfer;
import io.selvedge.transfers.domain.TransferLine;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A transfer as the API answers it and as {@code transfer.shipped} / {@code transfer.received} carry it. Fields not yet
 * known (shipment, receipt) are present as null, so the shape is the same in every state.
 */
public final class TransferDocument {

    private TransferDocument() {
    }

    public static Map<String, Object> of(Transfer transfer) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("transferRef", transfer.header().transferRef());
        body.put("from", transfer.header().from());
        body.put("to", transfer.header().to());
        body.put("status", transfer.status().name());
        body.put("createdBy", transfer.header().createdBy());
        body.put("createdAt", transfer.header().createdAt().toString());
        ShippedTransfer shipped = transfer instanceof ShippedTransfer s ? s : null;
        ReceivedTransfer received = transfer instanceof ReceivedTransfer r ? r : null;
        body.put("shippedAt", shipped != null ? shipped.shippedAt().toString() : received != null ? received.shippedAt().toString() : null);
        body.put("shippedBy", shipped != null ? shipped.shippedBy() : received != null ? received.shippedBy() : null);
        body.put("receivedAt", received != null ? received.receivedAt().toString() : null);
        body.put("receivedBy", received != null ? received.receivedBy() : null);
        body.put("lines", transfer.lines().stream().map(TransferDocument::line).toList());
        body.put("oversold", transfer.lines().stream().filter(TransferLine::oversold).map(TransferLine::sku).toList());
        if (received != null) {
            Map<String, Object> discrepancy = new LinkedHashMap<>();
            discrepancy.put("shortUnits", received.shortUnits());
            discrepancy.put("overUnits", received.overUnits());
            discrepancy.put("lines", received.lines().stream().filter(l -> l.discrepancy() != 0).map(l -> {
                Map<String, Object> line = new LinkedHashMap<>();
                line.put("sku", l.sku());
                line.put("shipped", l.shipped());
                line.put("received", l.received());
                line.put("difference", l.discrepancy());
                return line;
            }).toList());
            body.put("discrepancy", discrepancy);
        } else {
            body.put("discrepancy", null);
        }
        return body;
    }

    private static Map<String, Object> line(TransferLine l) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("sku", l.sku());
        line.put("quantity", l.planned());
        line.put("shipped", l.shipped());
        line.put("received", l.received());
        line.put("discrepancy", l.discrepancy());
        line.put("oversold", l.oversold());
        return line;
    }
}
