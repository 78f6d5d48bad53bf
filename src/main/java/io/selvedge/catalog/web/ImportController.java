package io.selvedge.catalog.web;

import io.selvedge.catalog.imports.CatalogImports;
import io.selvedge.contract.Caller;
import io.selvedge.contract.ContractGuard;
import io.selvedge.shared.ErrorCode;
import io.selvedge.shared.ProblemException;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.net.URI;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/v1/catalog/imports}: a streamed CSV ({@code text/csv}) or NDJSON ({@code application/x-ndjson})
 * body. Give {@code importId} to resume an interrupted import; poll {@code GET .../imports/{id}} while it runs.
 */
@RestController
@RequestMapping("/api/v1/catalog/imports")
class ImportController {

    private final CatalogImports imports;
    private final ContractGuard guard;

    ImportController(CatalogImports imports, ContractGuard guard) {
        this.imports = imports;
        this.guard = guard;
    }

    @PostMapping(consumes = {"text/csv", "application/x-ndjson"})
    ResponseEntity<Map<String, Object>> run(Caller caller, HttpServletRequest request, @RequestParam(required = false) String importId,
                                            @RequestParam(defaultValue = "USD") String currency,
                                            @RequestParam(defaultValue = "1000") int chunkRows) throws IOException {
        guard.requireWriter(caller, "catalog.style");
        guard.requireOwner(caller, "product.name");
        guard.requireOwner(caller, "price.amount");
        String id = importId == null ? UUID.randomUUID().toString() : importId;
        if (!id.matches("[A-Za-z0-9._-]{1,64}")) {
            throw ProblemException.invalid("importId", "must be 1 to 64 letters, digits, '.', '_' or '-'");
        }
        try {
            java.util.Currency.getInstance(currency);
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalid("currency", "must be an ISO 4217 currency code");
        }
        if (chunkRows < 1 || chunkRows > 10_000) {
            throw ProblemException.invalid("chunkRows", "must be 1 to 10000");
        }
        String format = request.getContentType().startsWith("application/x-ndjson") ? "ndjson" : "csv";
        Map<String, Object> report = imports.run(id, format, request.getInputStream(), caller.name(), currency, chunkRows);
        return ResponseEntity.ok().location(URI.create("/api/v1/catalog/imports/" + id)).body(report);
    }

    @GetMapping("/{importId}")
    Map<String, Object> report(@PathVariable String importId) {
        return imports.report(importId).orElseThrow(() -> new ProblemException(ErrorCode.NOT_FOUND, "No import '" + importId + "'"));
    }
}
