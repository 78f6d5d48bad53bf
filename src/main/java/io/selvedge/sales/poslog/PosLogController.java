package io.selvedge.sales.poslog;

import io.selvedge.contract.Caller;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/v1/pos/poslog}: one ARTS/NRF POSLog document ({@code application/xml}), one or many transactions,
 * read as a stream. 200 with a result per transaction; 400 or 413 (problem+json) when the document breaks off, still with
 * the results of the transactions before the break. docs/formats/poslog.md describes the mapping.
 */
@RestController
class PosLogController {

    private final PosLogIntake intake;

    PosLogController(PosLogIntake intake) {
        this.intake = intake;
    }

    @PostMapping(path = "/api/v1/pos/poslog", consumes = {MediaType.APPLICATION_XML_VALUE, MediaType.TEXT_XML_VALUE, "application/*+xml"})
    ResponseEntity<Map<String, Object>> post(Caller caller, HttpServletRequest request) throws IOException {
        PosLogIntake.Answer answer = intake.receive(caller, request.getInputStream(), request.getContentLengthLong());
        return ResponseEntity.status(answer.status())
                .contentType(answer.status() >= 400 ? MediaType.APPLICATION_PROBLEM_JSON : MediaType.APPLICATION_JSON)
                .body(answer.body());
    }
}
