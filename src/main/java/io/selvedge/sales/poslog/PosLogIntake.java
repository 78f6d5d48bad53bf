package io.selvedge.sales.poslog;

import io.selvedge.catalog.CatalogLookup;
import io.selvedge.catalog.VariantSummary;
import io.selvedge.contract.Caller;
import io.selvedge.contract.ContractGuard;
import io.selvedge.sales.RecordSale;
import io.selvedge.sales.SalesIntake;
import io.selvedge.shared.ErrorCode;
import io.selvedge.shared.FieldError;
import io.selvedge.shared.ProblemException;
import io.selvedge.shared.WriteResult;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;
import org.springframework.util.unit.DataSize;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code POST /api/v1/pos/poslog}: reads a POSLog document as a stream, maps each {@code Transaction} to the canonical
 * POS transaction and posts it through {@link SalesIntake}, the same idempotent path as the JSON API, in order, a chunk
 * of transactions per write. Each transaction gets its own result: posted (or replayed), skipped by design (canceled,
 * training, control), or refused with the element path and the reason; a refusal never stops the others. A document that
 * breaks off (not well-formed, too large) keeps the results of the transactions before the break.
 */
@Service
public class PosLogIntake {

    private static final Logger log = LoggerFactory.getLogger(PosLogIntake.class);
    /** Transactions validated before they are recorded together in one write (group commit). */
    static final int CHUNK = 100;
    private static final int ITEM_CACHE = 10_000;

    private final SalesIntake intake;
    private final ContractGuard guard;
    private final CatalogLookup catalog;
    private final JsonMapper json;
    private final long maxBytes;

    public PosLogIntake(SalesIntake intake, ContractGuard guard, CatalogLookup catalog, JsonMapper json,
                        @Value("${selvedge.poslog.max-body:50MB}") DataSize maxBody) {
        this.intake = intake;
        this.guard = guard;
        this.catalog = catalog;
        this.json = json;
        this.maxBytes = maxBody.toBytes();
    }

    /** The answer: 200 with one result per transaction, or a problem status when the document broke off, with the results before it. */
    public record Answer(int status, Map<String, Object> body) {
    }

    public Answer receive(Caller caller, InputStream body, long contentLength) {
        guard.requireWriter(caller, "pos.transaction");
        if (contentLength > maxBytes) {
            throw new ProblemException(ErrorCode.PAYLOAD_TOO_LARGE, "The body is " + contentLength + " bytes; a POSLog document may be at most "
                    + maxBytes + " bytes (selvedge.poslog.max-body): split the log, e.g. by business day or workstation");
        }
        Document document = new Document(caller);
        try (PosLogReader reader = new PosLogReader(body, PosLogReader.Limits.of(maxBytes))) {
            PosLogReader.Read read;
            while ((read = reader.next()) != null) {
                document.add(read);
            }
            document.flush();
            if (reader.transactionsSeen() == 0) {
                throw ProblemException.invalid("/POSLog", "holds no Transaction");
            }
            return document.answer(200, null);
        } catch (PosLogReader.Broken broken) {
            document.flush();
            if (document.rows.isEmpty()) {
                throw new ProblemException(broken.code(), broken.getMessage(), List.of(new FieldError(broken.where(), broken.getMessage())));
            }
            return document.answer(broken.code().status(), broken);
        }
    }

    /** A GTIN (any spelling) or a SKU to the SKU, remembered for the document: a day's log names the same items again and again. */
    private java.util.function.Function<String, Optional<String>> items() {
        Map<String, Optional<String>> known = new HashMap<>();
        return id -> {
            if (known.size() > ITEM_CACHE) {
                known.clear();
            }
            return known.computeIfAbsent(id.strip(), this::resolve);
        };
    }

    private Optional<String> resolve(String id) {
        if (id.matches("\\d{8}|\\d{12,14}")) {
            Optional<String> sku = catalog.skuForGtin(id);
            if (sku.isPresent()) {
                return sku;
            }
        }
        return catalog.variant(id).map(VariantSummary::sku);
    }

    /** One transaction's place in the answer; its result is known at once (skipped, refused) or when its chunk is recorded. */
    private static final class Row {
        final int index;
        final String element;
        String transactionId;
        Mapped.Post post;
        Map<String, Object> out;

        Row(int index, String element) {
            this.index = index;
            this.element = element;
        }
    }

    /** The reading of one document: the rows in document order, and the chunk waiting to be recorded. */
    private final class Document {

        private final Caller caller;
        private final PosLogMapping mapping;
        private final List<Row> rows = new ArrayList<>();
        private final List<Row> pendingRows = new ArrayList<>();
        private final List<Object> pending = new ArrayList<>();

        Document(Caller caller) {
            this.caller = caller;
            this.mapping = new PosLogMapping(guard.contract()::locationByPosLogId, items());
        }

        void add(PosLogReader.Read read) {
            Row row = new Row(read.index(), read.path());
            rows.add(row);
            if (read.refusal() != null) {
                refuse(row, ErrorCode.VALIDATION, read.path(), read.refusal());
                return;
            }
            Mapped mapped;
            try {
                mapped = mapping.map(read.node());
            } catch (RuntimeException bug) {
                // one transaction the mapping cannot handle must not cost the rest of the document
                log.error("event=poslog.mapping.failed element={} error={}", read.path(), bug.getClass().getName(), bug);
                refuse(row, ErrorCode.INTERNAL, read.path(), "could not be mapped; nothing of it was posted");
                return;
            }
            row.transactionId = Pans.mask(mapped.transactionId());
            if (mapped instanceof Mapped.Skip skip) {
                row.out = result(row, 204, false);
                row.out.put("skippedBecause", skip.reason());
            } else if (mapped instanceof Mapped.Refuse refuse) {
                refuse(row, refuse.code(), refuse.field(), refuse.message());
            } else {
                Mapped.Post post = (Mapped.Post) mapped;
                row.post = post;
                try {
                    RecordSale sale = intake.validatePos(caller, post.request());
                    pendingRows.add(row);
                    pending.add(sale);
                    if (pending.size() >= CHUNK) {
                        flush();
                    }
                } catch (ProblemException e) {
                    WriteResult refusal = intake.refusal(e);
                    row.out = result(row, refusal.status(), false);
                    row.out.put("problem", located(row, json.readTree(refusal.json())));
                }
            }
        }

        /** Records the chunk in order, in one write; each transaction idempotent by its id as if posted alone. */
        void flush() {
            if (pending.isEmpty()) {
                return;
            }
            List<WriteResult> results = intake.recordAll(new ArrayList<>(pending));
            for (int i = 0; i < results.size(); i++) {
                Row row = pendingRows.get(i);
                WriteResult result = results.get(i);
                row.out = result(row, result.status(), result.replay());
                JsonNode answer = json.readTree(result.json());
                if (result.status() < 300) {
                    row.out.put("result", answer);
                    if (!row.post.voidedLines().isEmpty()) {
                        row.out.put("voidedLines", row.post.voidedLines());
                    }
                } else {
                    row.out.put("problem", located(row, answer));
                }
            }
            pending.clear();
            pendingRows.clear();
        }

        private void refuse(Row row, ErrorCode code, String field, String message) {
            Map<String, Object> problem = new LinkedHashMap<>();
            problem.put("type", code.type());
            problem.put("title", code.title());
            problem.put("status", code.status());
            problem.put("detail", field + ": " + message);
            problem.put("errors", List.of(Map.of("field", field, "message", message)));
            row.out = result(row, code.status(), false);
            row.out.put("problem", problem);
        }

        private Map<String, Object> result(Row row, int status, boolean replay) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("index", row.index);
            out.put("element", row.element);
            out.put("transactionId", row.transactionId);
            out.put("status", status);
            out.put("replay", replay);
            return out;
        }

        /** The canonical problem with each field named as the element it came from (the canonical name kept beside it). */
        private JsonNode located(Row row, JsonNode problem) {
            if (!(problem instanceof ObjectNode object) || !(object.get("errors") instanceof ArrayNode errors) || errors.isEmpty()) {
                return problem;
            }
            for (JsonNode error : errors) {
                if (error instanceof ObjectNode e && e.has("field")) {
                    String canonical = e.get("field").asString();
                    e.put("field", row.post == null ? row.element : row.post.elementOf(canonical, row.element));
                    e.put("canonicalField", canonical);
                }
            }
            JsonNode first = errors.get(0);
            // the canonical name stays in the sentence: "…/LineItem[1]/Sale: lines[0].returnOf is required: …"
            object.put("detail", first.get("field").asString() + ": " + (first.has("canonicalField") ? first.get("canonicalField").asString() + " " : "")
                    + first.get("message").asString()
                    + (errors.size() > 1 ? " (and " + (errors.size() - 1) + " more)" : ""));
            return object;
        }

        Answer answer(int status, PosLogReader.Broken broken) {
            Map<String, Object> body = new LinkedHashMap<>();
            if (broken != null) {
                body.put("type", broken.code().type());
                body.put("title", broken.code().title());
                body.put("status", broken.code().status());
                body.put("detail", broken.getMessage() + "; the " + rows.size() + " transaction(s) before the break were processed, as listed");
                body.put("errors", List.of(Map.of("field", broken.where(), "message", broken.getMessage())));
            }
            int accepted = 0;
            int refused = 0;
            int skipped = 0;
            List<Map<String, Object>> results = new ArrayList<>();
            for (Row row : rows) {
                int s = (int) row.out.get("status");
                if (s == 204) {
                    skipped++;
                } else if (s < 300) {
                    accepted++;
                } else {
                    refused++;
                }
                results.add(row.out);
            }
            body.put("received", rows.size());
            body.put("accepted", accepted);
            body.put("refused", refused);
            body.put("skipped", skipped);
            body.put("results", results);
            log.info("event=poslog.received system={} transactions={} accepted={} refused={} skipped={} status={}", caller.name(), rows.size(),
                    accepted, refused, skipped, status);
            return new Answer(status, body);
        }
    }
}
