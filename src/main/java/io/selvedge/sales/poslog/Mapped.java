package io.selvedge.sales.poslog;

import io.selvedge.sales.TransactionRequest;
import io.selvedge.shared.ErrorCode;
import java.util.List;
import java.util.Map;

/** What one POSLog {@code Transaction} becomes: a canonical transaction to post, a transaction that posts nothing, or a refusal. */
sealed interface Mapped {

    /** {@code storeId:workstation:sequence} with the store as its contract location; null when the document does not say. */
    String transactionId();

    /**
     * A canonical transaction, with {@code sources}: for each canonical field ({@code lines[0].sku}) the element it came
     * from, so a refusal names the element. {@code voidedLines}: line items voided before the end (VoidFlag), not posted.
     */
    record Post(String transactionId, TransactionRequest request, Map<String, String> sources, List<Integer> voidedLines) implements Mapped {

        public Post {
            sources = Map.copyOf(sources);
            voidedLines = List.copyOf(voidedLines);
        }

        /** The element a canonical field came from: the field's own, else its nearest parent's, else the transaction's. */
        String elementOf(String field, String transactionPath) {
            String f = field == null ? "" : field;
            while (!f.isEmpty()) {
                String path = sources.get(f);
                if (path != null) {
                    return path;
                }
                int cut = Math.max(f.lastIndexOf('.'), f.lastIndexOf('['));
                f = cut <= 0 ? "" : f.substring(0, cut);
            }
            return transactionPath;
        }
    }

    /** Posts nothing, by design: canceled, training, a control transaction. */
    record Skip(String transactionId, String reason) implements Mapped {
    }

    /** Cannot be posted as written: {@code field} is the element path, {@code message} why, {@code code} the problem it answers. */
    record Refuse(String transactionId, ErrorCode code, String field, String message) implements Mapped {
    }
}
