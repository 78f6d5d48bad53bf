package io.selvedge.reconciliation.camt053;

import io.selvedge.reconciliation.domain.Amounts;
import io.selvedge.reconciliation.domain.BankEntry;
import io.selvedge.reconciliation.domain.BankStatementFile;
import io.selvedge.reconciliation.domain.Malformed;
import io.selvedge.reconciliation.domain.Parsed;
import io.selvedge.shared.Money;
import java.io.ByteArrayInputStream;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * ISO 20022 bank-to-customer statements (camt.053.001.NN: 02, 04 and 08 are all seen), read with the JDK's StAX
 * parser with DTDs and external entities off: a document carrying a DOCTYPE is refused outright, so no entity is
 * ever expanded or fetched.
 *
 * <p>Per {@code Stmt}: the account (IBAN or other id), balances (OPBD/PRCD opening, CLBD closing) and entries. Per
 * {@code Ntry}: amount (positive) and currency, CRDT/DBIT, reversal, status (text in v02, {@code Sts/Cd} in v08),
 * booking and value dates ({@code Dt} or {@code DtTm}, even a date-time inside {@code Dt}), the servicer's reference,
 * bank transaction code, batch size, and the references and remittance text of its transaction details.
 *
 * <p>Refused, naming the element and its line: XML that does not parse, a DOCTYPE, another message than camt.053,
 * a statement without an account, an entry without amount, currency, CRDT/DBIT, status or date, a negative amount or
 * one with more decimals than its currency. Warned: balances or transaction summaries that do not add up (test
 * files are often trimmed) and pages of a paginated message.
 */
public final class Camt053Statements {

    private static final String NAMESPACE = "urn:iso:std:iso:20022:tech:xsd:camt.053.001.";

    private Camt053Statements() {
    }

    /** True when the content starts like XML. */
    public static boolean looksLike(String text) {
        String start = text.stripLeading();
        return start.startsWith("<");
    }

    public static Parsed<BankStatementFile> parse(byte[] content) {
        return Parsed.of(() -> new Reading().read(content));
    }

    static XMLInputFactory factory() {
        XMLInputFactory factory = XMLInputFactory.newDefaultFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
        factory.setXMLResolver((publicId, systemId, baseUri, namespace) -> {
            throw new XMLStreamException("external entities are refused: " + systemId);
        });
        return factory;
    }

    /** One pass over one document; holds the path and the statement and entry being read. */
    private static final class Reading {

        private final List<String> path = new ArrayList<>();
        private final List<BankStatementFile.Statement> statements = new ArrayList<>();
        private final List<BankEntry> entries = new ArrayList<>();
        private final List<String> warnings = new ArrayList<>();
        private final StringBuilder text = new StringBuilder();
        private XMLStreamReader xml;
        private String version;
        private int stmtNo;
        private int stmtDepth = -1;
        private int ntryNo;
        private int ntryDepth = -1;
        private int balDepth = -1;
        private StatementDraft stmt;
        private EntryDraft ntry;
        private BalanceDraft bal;
        private String amountCurrency;
        private boolean lastPage = true;

        BankStatementFile read(byte[] content) {
            try {
                xml = factory().createXMLStreamReader(new ByteArrayInputStream(content));
                try {
                    while (xml.hasNext()) {
                        switch (xml.next()) {
                            case XMLStreamConstants.DTD -> throw new Malformed("line " + xml.getLocation().getLineNumber(),
                                    "a DOCTYPE is not accepted: statements never need one, and DTDs can pull in external entities");
                            case XMLStreamConstants.ENTITY_REFERENCE -> throw new Malformed(where(), "entity reference &"
                                    + xml.getLocalName() + "; is not accepted");
                            case XMLStreamConstants.START_ELEMENT -> start();
                            case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA -> text.append(xml.getText());
                            case XMLStreamConstants.END_ELEMENT -> end();
                            default -> {
                            }
                        }
                    }
                } finally {
                    xml.close();
                }
            } catch (XMLStreamException e) {
                var location = e.getLocation();
                String message = e.getMessage() == null ? "unreadable" : e.getMessage().replaceFirst("(?s)^ParseError at \\[row,col]:\\[\\d+,\\d+]\\s*Message:\\s*", "");
                throw new Malformed(location == null ? "document" : "line " + location.getLineNumber() + ", column " + location.getColumnNumber(),
                        "not well-formed XML: " + message);
            }
            if (version == null) {
                throw new Malformed("document", "the file holds no XML element");
            }
            if (statements.isEmpty()) {
                throw new Malformed("/Document/BkToCstmrStmt", "the message holds no statement (Stmt)");
            }
            if (!lastPage) {
                warnings.add("this is one page of a paginated message (MsgPgntn/LastPgInd false): import the other pages too");
            }
            return new BankStatementFile(BankStatementFile.CAMT053, version, statements, entries, warnings);
        }

        private void start() {
            String name = xml.getLocalName();
            if (path.isEmpty()) {
                String ns = xml.getNamespaceURI();
                if (!"Document".equals(name) || ns == null || !ns.startsWith(NAMESPACE)) {
                    String what = ns != null && ns.contains(":xsd:") ? ns.substring(ns.lastIndexOf(':') + 1) : name + (ns == null ? "" : " in " + ns);
                    throw new Malformed("/" + name + " (line " + xml.getLocation().getLineNumber() + ")",
                            "not a camt.053 bank-to-customer statement (found " + what + ")");
                }
                version = ns.substring(ns.lastIndexOf(':') + 1);
            }
            path.add(name);
            text.setLength(0);
            int depth = path.size() - 1;
            if ("Stmt".equals(name) && depth == 2) {
                stmtNo++;
                ntryNo = 0;
                stmtDepth = depth;
                stmt = new StatementDraft(stmtNo, where());
            } else if ("Ntry".equals(name) && depth == stmtDepth + 1 && stmt != null) {
                ntryNo++;
                ntryDepth = depth;
                ntry = new EntryDraft(xml.getLocation().getLineNumber(), indexed(path.size()));
            } else if ("Bal".equals(name) && depth == stmtDepth + 1 && stmt != null) {
                balDepth = depth;
                bal = new BalanceDraft();
            } else if ("Amt".equals(name)) {
                amountCurrency = xml.getAttributeValue(null, "Ccy");
            }
        }

        private void end() {
            String value = text.toString().trim();
            text.setLength(0);
            int depth = path.size() - 1;
            String name = path.get(depth);
            if (ntry != null && depth > ntryDepth) {
                entryField(relative(ntryDepth), value);
            } else if (bal != null && depth > balDepth) {
                balanceField(relative(balDepth), value);
            } else if (stmt != null && depth > stmtDepth) {
                statementField(relative(stmtDepth), value);
            } else if (depth == 4 && "LastPgInd".equals(name) && "MsgPgntn".equals(path.get(3))) {
                lastPage = !"false".equalsIgnoreCase(value);
            }
            if (ntry != null && depth == ntryDepth && "Ntry".equals(name)) {
                finishEntry();
            } else if (bal != null && depth == balDepth && "Bal".equals(name)) {
                stmt.balances.add(bal);
                bal = null;
                balDepth = -1;
            } else if (stmt != null && depth == stmtDepth && "Stmt".equals(name)) {
                finishStatement();
            }
            path.remove(depth);
        }

        private void entryField(String rel, String value) {
            switch (rel) {
                case "Amt" -> {
                    ntry.amount = value;
                    ntry.currency = amountCurrency;
                    ntry.amountAt = where();
                }
                case "CdtDbtInd" -> ntry.direction = value;
                case "RvslInd" -> ntry.reversal = "true".equalsIgnoreCase(value);
                case "Sts", "Sts/Cd", "Sts/Prtry" -> {
                    if (!value.isEmpty()) {
                        ntry.status = value;
                    }
                }
                case "BookgDt/Dt", "BookgDt/DtTm" -> ntry.booking = date(value);
                case "ValDt/Dt", "ValDt/DtTm" -> ntry.value = date(value);
                case "AcctSvcrRef" -> ntry.servicerRef = value;
                case "NtryRef" -> ntry.addRef(value, true);
                case "BkTxCd/Domn/Cd" -> ntry.domain = value;
                case "BkTxCd/Domn/Fmly/Cd" -> ntry.family = value;
                case "BkTxCd/Domn/Fmly/SubFmlyCd" -> ntry.subFamily = value;
                case "BkTxCd/Prtry/Cd" -> ntry.proprietary = value;
                case "NtryDtls/Btch/NbOfTxs" -> ntry.batchSize = value;
                case "AddtlNtryInf", "NtryDtls/TxDtls/AddtlTxInf", "NtryDtls/TxDtls/RmtInf/Ustrd" -> ntry.addText(value);
                case "NtryDtls/TxDtls/Refs/MsgId", "NtryDtls/TxDtls/Refs/PmtInfId", "NtryDtls/TxDtls/Refs/InstrId",
                     "NtryDtls/TxDtls/Refs/EndToEndId", "NtryDtls/TxDtls/Refs/TxId", "NtryDtls/TxDtls/Refs/UETR",
                     "NtryDtls/TxDtls/Refs/AcctSvcrRef", "NtryDtls/Btch/PmtInfId", "NtryDtls/TxDtls/RmtInf/Strd/CdtrRefInf/Ref" ->
                        ntry.addRef(value, false);
                default -> {
                }
            }
        }

        private void balanceField(String rel, String value) {
            switch (rel) {
                case "Tp/CdOrPrtry/Cd", "Tp/CdOrPrtry/Prtry" -> bal.type = value;
                case "Amt" -> {
                    bal.amount = value;
                    bal.currency = amountCurrency;
                    bal.at = where();
                }
                case "CdtDbtInd" -> bal.direction = value;
                case "Dt/Dt", "Dt/DtTm" -> bal.date = date(value);
                default -> {
                }
            }
        }

        private void statementField(String rel, String value) {
            switch (rel) {
                case "Id" -> stmt.id = value;
                case "Acct/Id/IBAN", "Acct/Id/Othr/Id" -> stmt.account = value.replace(" ", "");
                case "Acct/Ccy" -> stmt.currency = value;
                case "TxsSummry/TtlNtries/NbOfNtries" -> stmt.summaryCount = value;
                default -> {
                }
            }
        }

        private void finishEntry() {
            EntryDraft e = ntry;
            String at = e.location + " (line " + e.line + ")";
            if (e.amount == null || e.amount.isEmpty()) {
                throw new Malformed(at, "the entry has no Amt");
            }
            if (e.currency == null || e.currency.isBlank()) {
                throw new Malformed(e.amountAt, "Amt has no Ccy attribute");
            }
            Currency currency = Amounts.currency(e.currency, e.amountAt, "Ccy");
            Money amount = Amounts.decimal(e.amount, currency, e.amountAt, "Amt");
            if (amount.isNegative()) {
                throw new Malformed(e.amountAt, "Amt is negative: camt.053 amounts are positive and CdtDbtInd gives the direction");
            }
            BankEntry.Direction direction = switch (e.direction == null ? "" : e.direction) {
                case "CRDT" -> BankEntry.Direction.CRDT;
                case "DBIT" -> BankEntry.Direction.DBIT;
                default -> throw new Malformed(at, "CdtDbtInd '" + (e.direction == null ? "" : e.direction) + "' is not CRDT or DBIT");
            };
            if (e.status == null) {
                throw new Malformed(at, "the entry has no status (Sts)");
            }
            LocalDate booking = e.booking != null ? e.booking : e.value;
            if (booking == null) {
                throw new Malformed(at, "the entry has neither a booking date (BookgDt) nor a value date (ValDt)");
            }
            if (stmt.account == null) {
                throw new Malformed(stmt.location + "/Acct", "the statement names no account (Acct/Id/IBAN or Acct/Id/Othr/Id) before its entries");
            }
            String typeCode = e.domain != null ? String.join("/", e.domain, nz(e.family), nz(e.subFamily)) : e.proprietary;
            if (e.batchSize != null) {
                e.addText("batch of " + e.batchSize);
            }
            String bankRef = e.servicerRef != null ? e.servicerRef : e.entryRef;
            String key = e.servicerRef == null ? null : BankStatementFile.CAMT053 + "|" + stmt.account + "|" + e.servicerRef;
            BankEntry entry = new BankEntry(e.line, at, key, stmt.id, stmt.account, direction, amount, e.status.toUpperCase(java.util.Locale.ROOT),
                    e.reversal, booking, e.value, bankRef, e.refs, typeCode, e.text.isEmpty() ? null : e.text.toString());
            stmt.entries.add(entry);
            entries.add(entry);
            ntry = null;
            ntryDepth = -1;
        }

        private void finishStatement() {
            StatementDraft s = stmt;
            if (s.account == null) {
                throw new Malformed(s.location + "/Acct", "the statement names no account (Acct/Id/IBAN or Acct/Id/Othr/Id)");
            }
            String currency = s.currency != null ? s.currency
                    : !s.entries.isEmpty() ? s.entries.get(0).amount().currency().getCurrencyCode()
                    : s.balances.stream().map(b -> b.currency).filter(c -> c != null).findFirst().orElse(null);
            Money opening = balance(s, currency, "OPBD");
            if (opening == null) {
                opening = balance(s, currency, "PRCD");
            }
            Money closing = balance(s, currency, "CLBD");
            LocalDate date = s.balances.stream().filter(b -> "CLBD".equals(b.type) && b.date != null).map(b -> b.date).findFirst()
                    .orElse(s.entries.isEmpty() ? null : s.entries.get(s.entries.size() - 1).bookingDate());
            String label = "Stmt[" + s.number + "]" + (s.id == null ? "" : " " + s.id);
            if (opening != null && closing != null) {
                long moved = 0;
                boolean comparable = true;
                for (BankEntry entry : s.entries) {
                    if (!entry.amount().currency().equals(opening.currency())) {
                        comparable = false;
                        break;
                    }
                    if ("BOOK".equals(entry.status())) {
                        moved += entry.direction() == BankEntry.Direction.CRDT ? entry.amount().minor() : -entry.amount().minor();
                    }
                }
                if (comparable && opening.minor() + moved != closing.minor()) {
                    warnings.add(label + ": opening balance " + opening.toDecimalString() + " plus booked entries "
                            + new Money(moved, opening.currency()).toDecimalString() + " is not the closing balance " + closing.toDecimalString()
                            + " (entries may be missing from this file)");
                }
            }
            if (s.summaryCount != null && s.summaryCount.matches("\\d+") && Integer.parseInt(s.summaryCount) != s.entries.size()) {
                warnings.add(label + ": TxsSummry counts " + s.summaryCount + " entries, the statement holds " + s.entries.size());
            }
            statements.add(new BankStatementFile.Statement(s.id, s.account, currency, date, opening, closing, s.entries.size()));
            stmt = null;
            stmtDepth = -1;
        }

        /** A balance of the statement's currency, signed (DBIT negative); balances in other currencies are not compared. */
        private Money balance(StatementDraft s, String currency, String type) {
            for (BalanceDraft b : s.balances) {
                if (type.equals(b.type) && b.amount != null && b.currency != null && b.currency.equals(currency)) {
                    Money amount = Amounts.decimal(b.amount, Amounts.currency(b.currency, b.at, "Ccy"), b.at, "Amt");
                    return "DBIT".equals(b.direction) ? amount.negate() : amount;
                }
            }
            return null;
        }

        private LocalDate date(String value) {
            // a DtTm, or a Dt that holds a date-time: the date is its first ten characters, in the bank's own offset
            if (value.length() < 10) {
                throw new Malformed(where(), "'" + value + "' is not a date");
            }
            try {
                return LocalDate.parse(value.substring(0, 10));
            } catch (DateTimeParseException e) {
                throw new Malformed(where(), "'" + value + "' is not a date");
            }
        }

        private String relative(int fromDepth) {
            return String.join("/", path.subList(fromDepth + 1, path.size()));
        }

        /** The current element's path, with the statement and entry numbered, and its line. */
        private String where() {
            return indexed(path.size()) + " (line " + xml.getLocation().getLineNumber() + ")";
        }

        private String indexed(int length) {
            StringBuilder out = new StringBuilder();
            for (int i = 0; i < length; i++) {
                out.append('/').append(path.get(i));
                if (i == stmtDepth) {
                    out.append('[').append(stmtNo).append(']');
                } else if (i == ntryDepth) {
                    out.append('[').append(ntryNo).append(']');
                }
            }
            return out.toString();
        }
    }

    private static String nz(String value) {
        return value == null ? "" : value;
    }

    private static final class StatementDraft {
        final int number;
        final String location;
        final List<BalanceDraft> balances = new ArrayList<>();
        final List<BankEntry> entries = new ArrayList<>();
        String id;
        String account;
        String currency;
        String summaryCount;

        StatementDraft(int number, String location) {
            this.number = number;
            this.location = location.replaceFirst(" \\(line \\d+\\)$", "");
        }
    }

    private static final class BalanceDraft {
        String type;
        String amount;
        String currency;
        String direction;
        String at;
        LocalDate date;
    }

    private static final class EntryDraft {
        final int line;
        final String location;
        final List<String> refs = new ArrayList<>();
        final StringBuilder text = new StringBuilder();
        String amount;
        String currency;
        String amountAt;
        String direction;
        boolean reversal;
        String status;
        LocalDate booking;
        LocalDate value;
        String servicerRef;
        String entryRef;
        String domain;
        String family;
        String subFamily;
        String proprietary;
        String batchSize;

        EntryDraft(int line, String location) {
            this.line = line;
            this.location = location;
        }

        void addRef(String value, boolean entryReference) {
            if (entryReference) {
                entryRef = value;
            }
            if (!value.isBlank() && !"NOTPROVIDED".equalsIgnoreCase(value) && !refs.contains(value)) {
                refs.add(value);
            }
        }

        void addText(String value) {
            if (!value.isBlank()) {
                if (!text.isEmpty()) {
                    text.append(' ');
                }
                text.append(value.strip().replaceAll("\\s+", " "));
            }
        }
    }
}
