package io.selvedge.reconciliation;

import io.selvedge.reconciliation.bai2.Bai2Files;
import io.selvedge.reconciliation.camt053.Camt053Statements;
import io.selvedge.reconciliation.domain.Amounts;
import io.selvedge.reconciliation.domain.BankEntry;
import io.selvedge.reconciliation.domain.BankStatementFile;
import io.selvedge.reconciliation.domain.Malformed;
import io.selvedge.reconciliation.domain.Parsed;
import io.selvedge.reconciliation.jdbc.JdbcBankEntries;
import io.selvedge.reconciliation.jdbc.JdbcFileImports;
import io.selvedge.shared.Money;
import io.selvedge.shared.ProblemException;
import io.selvedge.shared.WriteResult;
import io.selvedge.shared.WriteTransactions;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

/**
 * Imports a bank statement: ISO 20022 camt.053 (XML) or BAI2, told apart by an explicit {@code format}, then by
 * content. Read whole and refused whole, like processor files; the same bytes again replay the first answer; an entry
 * already recorded from an overlapping statement (same account and bank reference) is skipped and counted.
 */
@Service
public class BankStatements {

    static final String KIND = "BANK";
    private static final Logger log = LoggerFactory.getLogger(BankStatements.class);

    private final JdbcFileImports imports;
    private final JdbcBankEntries entries;
    private final WriteTransactions writes;
    private final JsonMapper json;
    private final Clock clock;

    public BankStatements(JdbcFileImports imports, JdbcBankEntries entries, WriteTransactions writes, JsonMapper json, Clock clock) {
        this.imports = imports;
        this.entries = entries;
        this.writes = writes;
        this.json = json;
        this.clock = clock;
    }

    public WriteResult receive(ReceivedFile file) {
        String sha256 = file.sha256();
        var replay = FileImports.replay(imports, KIND, sha256);
        if (replay.isPresent()) {
            return replay.get();
        }
        String format = format(file);
        Parsed<BankStatementFile> parsed = BankStatementFile.CAMT053.equals(format) ? Camt053Statements.parse(file.content())
                : Bai2Files.parse(file.content());
        BankStatementFile statement = FileImports.accepted(parsed, format);
        WriteResult result = FileImports.write(writes, () -> store(file, sha256, statement));
        if (!result.replay()) {
            log.info("event=reconciliation.bank_statement format={} sha256={} entries={}", format, sha256.substring(0, 12),
                    statement.entries().size());
        }
        return result;
    }

    private WriteResult store(ReceivedFile file, String sha256, BankStatementFile statement) {
        var replay = FileImports.replay(imports, KIND, sha256);
        if (replay.isPresent()) {
            return replay.get();
        }
        List<String> keys = statement.entries().stream().map(e -> e.naturalKey() == null ? null : FileImports.lineKey(e.naturalKey())).toList();
        Set<String> taken = new HashSet<>(entries.existingKeys(keys.stream().filter(k -> k != null).toList()));
        List<BankEntry> fresh = new ArrayList<>();
        List<String> freshKeys = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            String key = keys.get(i);
            if (key == null || taken.add(key)) {
                fresh.add(statement.entries().get(i));
                freshKeys.add(key);
            }
        }
        String importId = FileImports.importId("BS-", sha256);
        Instant now = clock.instant();
        String response = json.writeValueAsString(summary(importId, sha256, now, statement, fresh.size()));
        imports.insert(new JdbcFileImports.Imported(importId, KIND, statement.format(), sha256, file.content().length, statement.entries().size(), now,
                file.receivedFrom(), response));
        entries.insert(importId, statement.format(), fresh, freshKeys);
        return WriteResult.first(201, response);
    }

    private static String format(ReceivedFile file) {
        if (file.format() != null && !file.format().isBlank()) {
            return switch (file.format().trim().toLowerCase(Locale.ROOT)) {
                case "camt053", "camt.053" -> BankStatementFile.CAMT053;
                case "bai2" -> BankStatementFile.BAI2;
                default -> throw ProblemException.invalid("format", "must be camt053 or bai2");
            };
        }
        String text;
        try {
            text = Amounts.utf8(file.content());
        } catch (Malformed e) {
            text = new String(file.content(), StandardCharsets.ISO_8859_1);
        }
        if (Bai2Files.looksLike(text)) {
            return BankStatementFile.BAI2;
        }
        String type = file.mediaType();
        if (Camt053Statements.looksLike(text) || type.endsWith("/xml") || type.endsWith("+xml")) {
            return BankStatementFile.CAMT053;
        }
        throw FileImports.unrecognised("Not a bank statement this hub reads: send ISO 20022 camt.053 (application/xml) or BAI2 (text/plain),"
                + " or name it with ?format=camt053|bai2");
    }

    private static Map<String, Object> summary(String importId, String sha256, Instant at, BankStatementFile file, int recorded) {
        List<Map<String, Object>> statements = new ArrayList<>();
        for (BankStatementFile.Statement s : file.statements()) {
            long credits = 0;
            long debits = 0;
            java.util.Currency currency = s.currency() == null ? null : java.util.Currency.getInstance(s.currency());
            for (BankEntry e : file.entries()) {
                if (e.account().equals(s.account()) && java.util.Objects.equals(e.statementId(), s.id()) && currency != null
                        && e.amount().currency().equals(currency)) {
                    if (e.direction() == BankEntry.Direction.CRDT) {
                        credits += e.amount().minor();
                    } else if (e.direction() == BankEntry.Direction.DBIT) {
                        debits += e.amount().minor();
                    }
                }
            }
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("id", s.id());
            view.put("account", s.account());
            view.put("currency", s.currency());
            view.put("date", s.date() == null ? null : s.date().toString());
            view.put("openingBalance", s.opening() == null ? null : s.opening().toDecimalString());
            view.put("closingBalance", s.closing() == null ? null : s.closing().toDecimalString());
            view.put("entries", s.entries());
            view.put("credits", currency == null ? null : new Money(credits, currency).toDecimalString());
            view.put("debits", currency == null ? null : new Money(debits, currency).toDecimalString());
            statements.add(view);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("importId", importId);
        body.put("format", file.format());
        body.put("version", file.version());
        body.put("sha256", sha256);
        body.put("receivedAt", at.toString());
        body.put("entries", file.entries().size());
        body.put("recorded", recorded);
        body.put("alreadyRecorded", file.entries().size() - recorded);
        body.put("statements", statements);
        body.put("warnings", file.warnings());
        return body;
    }
}
