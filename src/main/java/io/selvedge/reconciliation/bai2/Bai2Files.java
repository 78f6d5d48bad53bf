package io.selvedge.reconciliation.bai2;

import io.selvedge.reconciliation.domain.Amounts;
import io.selvedge.reconciliation.domain.BankEntry;
import io.selvedge.reconciliation.domain.BankStatementFile;
import io.selvedge.reconciliation.domain.Malformed;
import io.selvedge.reconciliation.domain.Parsed;
import io.selvedge.shared.Money;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * BAI2 cash-management files: {@code 01} file header, {@code 02} group (one bank, one as-of date), {@code 03} account
 * with its summary amounts, {@code 16} transaction details, {@code 88} continuations, {@code 49}/{@code 98}/{@code 99}
 * trailers. Amounts carry implied decimals (the currency's); a blank account currency is the group's, and a blank
 * group currency is US dollars, as the specification says.
 *
 * <p>Written by many banks, read leniently where it is safe: records end at {@code /} or at the end of the line, several
 * records may share a line ({@code .../ 16,...}), a record's text may spill onto a line that starts with no record
 * code, a 16's text runs to the end of the record and may hold commas and slashes, and continuation text is joined
 * with a space. Read strictly where it protects the numbers: every trailer's record count and control total is
 * checked (49 = the sum of the account's 03 and 16 amounts), and a missing trailer means a truncated file. Any of
 * these refuses the file, naming the line.
 */
public final class Bai2Files {

    private static final Pattern RECORD_START = Pattern.compile("^\\s*(01|02|03|16|49|88|98|99),.*", Pattern.DOTALL);
    private static final Pattern RECORD_SPLIT = Pattern.compile("/\\s+(?=(?:01|02|03|16|49|88|98|99),)");
    private static final Pattern TYPE_CODE = Pattern.compile("\\d{3}");
    private static final Pattern AMOUNT = Pattern.compile("[+-]?\\d{1,18}");

    private Bai2Files() {
    }

    /** True when the text starts with a BAI file header record. */
    public static boolean looksLike(String text) {
        return text.stripLeading().startsWith("01,");
    }

    public static Parsed<BankStatementFile> parse(byte[] content) {
        return Parsed.of(() -> new Reading().read(records(text(content))));
    }

    /** BAI is ASCII; a Latin-1 byte in a narrative is read as Latin-1 rather than refused. */
    private static String text(byte[] content) {
        try {
            return Amounts.utf8(content);
        } catch (Malformed e) {
            return new String(content, StandardCharsets.ISO_8859_1);
        }
    }

    /** One logical record: its code, what follows the code's comma up to its end (without the closing slash), its line. */
    record Record(int line, String code, String content) {
    }

    static List<Record> records(String text) {
        List<Record> records = new ArrayList<>();
        String[] lines = text.replace("\r\n", "\n").replace('\r', '\n').split("\n", -1);
        List<int[]> starts = new ArrayList<>();
        List<StringBuilder> raw = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.isBlank()) {
                continue;
            }
            if (!RECORD_START.matcher(line).matches()) {
                StringBuilder last = raw.isEmpty() ? null : raw.get(raw.size() - 1);
                String lastText = last == null ? "" : last.toString().strip();
                boolean textOpen = (lastText.startsWith("16,") || lastText.startsWith("88,")) && !lastText.endsWith("/");
                if (!textOpen) {
                    throw new Malformed("line " + (i + 1), "not a BAI record: a record starts with 01, 02, 03, 16, 49, 88, 98 or 99 and a comma");
                }
                // the text of a 16 or 88 that ran past the end of its physical line, unterminated: it continues here
                last.append(' ').append(line.strip());
                continue;
            }
            for (String part : RECORD_SPLIT.split(line)) {
                starts.add(new int[] {i + 1});
                raw.add(new StringBuilder(part.strip()));
            }
        }
        for (int r = 0; r < raw.size(); r++) {
            String record = raw.get(r).toString().strip();
            if (record.endsWith("/")) {
                record = record.substring(0, record.length() - 1);
            }
            records.add(new Record(starts.get(r)[0], record.substring(0, 2), record.length() > 3 ? record.substring(3) : ""));
        }
        return records;
    }

    /** Reads the fields of a record left to right; the last field of a 16 (its text) is the rest of the record. */
    private static final class Fields {
        private final String content;
        private int at;

        Fields(String content) {
            this.content = content;
        }

        String next() {
            if (at > content.length()) {
                return "";
            }
            int comma = content.indexOf(',', at);
            String field = comma < 0 ? content.substring(at) : content.substring(at, comma);
            at = comma < 0 ? content.length() + 1 : comma + 1;
            return field.trim();
        }

        String rest() {
            if (at > content.length()) {
                return "";
            }
            String rest = content.substring(at);
            at = content.length() + 1;
            return rest;
        }

        List<String> all() {
            List<String> out = new ArrayList<>();
            while (at <= content.length()) {
                out.add(next());
            }
            return out;
        }
    }

    private static final class Reading {

        private final List<BankStatementFile.Statement> statements = new ArrayList<>();
        private final List<BankEntry> entries = new ArrayList<>();
        private String fileId;
        private boolean fileOpen;
        private boolean fileClosed;
        private int fileRecords;
        private long fileTotal;
        private int groups;
        // the open group
        private boolean groupOpen;
        private int groupRecords;
        private long groupTotal;
        private int groupAccounts;
        private LocalDate asOf;
        private String groupCurrency;
        // the open account
        private boolean accountOpen;
        private int accountLine;
        private int accountRecords;
        private long accountTotal;
        private String account;
        private Currency currency;
        private List<List<String>> summary;
        private int summaryLine;
        private Detail detail;
        private int accountEntries;
        private Record previous;

        BankStatementFile read(List<Record> records) {
            if (records.isEmpty()) {
                throw new Malformed("line 1", "the file is empty");
            }
            int lastLine = 1;
            for (Record record : records) {
                lastLine = record.line();
                String at = "line " + record.line();
                if (fileClosed) {
                    throw new Malformed(at, "record " + record.code() + " after the file trailer (99)");
                }
                if (!"88".equals(record.code())) {
                    flush();
                }
                fileRecords++;
                if (groupOpen) {
                    groupRecords++;
                }
                if (accountOpen) {
                    accountRecords++;
                }
                switch (record.code()) {
                    case "01" -> fileHeader(record, at);
                    case "02" -> groupHeader(record, at);
                    case "03" -> accountHeader(record, at);
                    case "16" -> detail(record, at);
                    case "88" -> continuation(record, at);
                    case "49" -> accountTrailer(record, at);
                    case "98" -> groupTrailer(record, at);
                    case "99" -> fileTrailer(record, at);
                    default -> throw new Malformed(at, "unknown record type '" + record.code() + "'");
                }
                if (!"88".equals(record.code())) {
                    previous = record;
                }
            }
            if (!fileClosed) {
                throw new Malformed("line " + lastLine, "the file ends without its file trailer (99): it is truncated");
            }
            return new BankStatementFile(BankStatementFile.BAI2, "2", statements, entries, List.of());
        }

        private void fileHeader(Record record, String at) {
            if (fileOpen) {
                throw new Malformed(at, "a second file header (01)");
            }
            List<String> f = new Fields(record.content()).all();
            String version = f.size() > 7 ? f.get(7) : "";
            if (!"2".equals(version)) {
                throw new Malformed(at, "file header version '" + version + "': only BAI version 2 is read");
            }
            fileId = f.size() > 4 ? f.get(4) : "";
            fileOpen = true;
            fileRecords = 1;
        }

        private void groupHeader(Record record, String at) {
            requireFile(at, "02");
            if (groupOpen) {
                throw new Malformed(at, "group header (02) before the previous group's trailer (98)");
            }
            List<String> f = new Fields(record.content()).all();
            asOf = date(f.size() > 3 ? f.get(3) : "", at, "as-of date");
            groupCurrency = f.size() > 5 && !f.get(5).isEmpty() ? f.get(5) : null;
            groupOpen = true;
            groupRecords = 1;
            groupTotal = 0;
            groupAccounts = 0;
            groups++;
        }

        private void accountHeader(Record record, String at) {
            if (!groupOpen) {
                throw new Malformed(at, "account record (03) outside a group (no 02 before it)");
            }
            if (accountOpen) {
                throw new Malformed(at, "account record (03) before the previous account's trailer (49)");
            }
            Fields f = new Fields(record.content());
            account = f.next();
            if (account.isEmpty()) {
                throw new Malformed(at, "the account record (03) has no account number");
            }
            String code = f.next();
            String currencyCode = !code.isEmpty() ? code : groupCurrency != null ? groupCurrency : "USD";
            currency = Amounts.currency(currencyCode, at, "currency");
            // each record's summary groups stand alone: a slash ends a record early and defaults the rest of its group
            summary = new ArrayList<>();
            summary.add(f.all());
            summaryLine = record.line();
            accountOpen = true;
            accountLine = record.line();
            accountRecords = 1;
            accountTotal = 0;
            accountEntries = 0;
            groupAccounts++;
        }

        private void detail(Record record, String at) {
            if (!accountOpen) {
                throw new Malformed(at, "transaction detail (16) outside an account (no 03 before it)");
            }
            Fields f = new Fields(record.content());
            String type = f.next();
            if (!TYPE_CODE.matcher(type).matches()) {
                throw new Malformed(at, "type code '" + type + "' is not a three-digit BAI type code");
            }
            String amountText = f.next();
            if (amountText.isEmpty()) {
                throw new Malformed(at, "the transaction detail (16) has no amount");
            }
            long amount = amount(amountText, at, "amount", false);
            String funds = f.next().toUpperCase(java.util.Locale.ROOT);
            LocalDate valueDate = null;
            switch (funds) {
                case "V" -> {
                    valueDate = date(f.next(), at, "value date");
                    f.next();
                }
                case "S" -> {
                    f.next();
                    f.next();
                    f.next();
                }
                case "D" -> {
                    String n = f.next();
                    if (!n.matches("\\d{1,3}")) {
                        throw new Malformed(at, "distributed availability (D) needs a count, not '" + n + "'");
                    }
                    for (int i = 0; i < Integer.parseInt(n); i++) {
                        f.next();
                        f.next();
                    }
                }
                case "", "Z", "0", "1", "2" -> {
                }
                default -> throw new Malformed(at, "funds type '" + funds + "' is not Z, 0, 1, 2, V, S or D");
            }
            String bankRef = f.next();
            String customerRef = f.next();
            String text = f.rest();
            accountTotal = Math.addExact(accountTotal, amount);
            detail = new Detail(record.line(), type, amount, valueDate, bankRef.isEmpty() ? null : bankRef,
                    customerRef.isEmpty() ? null : customerRef, new StringBuilder(text.strip()));
        }

        private void continuation(Record record, String at) {
            if (previous == null) {
                throw new Malformed(at, "continuation (88) with no record to continue");
            }
            switch (previous.code()) {
                case "03" -> summary.add(new Fields(record.content()).all());
                case "16" -> {
                    String more = record.content().strip();
                    if (!more.isEmpty()) {
                        if (!detail.text().isEmpty()) {
                            detail.text().append(' ');
                        }
                        detail.text().append(more);
                    }
                }
                default -> {
                    // continues a header or trailer: nothing of it is used, it still counts as a record
                }
            }
        }

        private void accountTrailer(Record record, String at) {
            if (!accountOpen) {
                throw new Malformed(at, "account trailer (49) without an account (03)");
            }
            List<String> f = new Fields(record.content()).all();
            long control = amount(f.isEmpty() ? "" : f.get(0), at, "control total", true);
            long count = amount(f.size() > 1 ? f.get(1) : "", at, "record count", false);
            if (count != accountRecords) {
                throw new Malformed(at, "account trailer (49) of account " + account + " counts " + count + " records, but the account has "
                        + accountRecords + " (from its 03 on line " + accountLine + " to this 49)");
            }
            if (control != accountTotal) {
                throw new Malformed(at, "account trailer (49) of account " + account + " has control total " + control
                        + ", but its 03 and 16 amounts add up to " + accountTotal);
            }
            groupTotal = Math.addExact(groupTotal, control);
            accountOpen = false;
        }

        private void groupTrailer(Record record, String at) {
            if (!groupOpen) {
                throw new Malformed(at, "group trailer (98) without a group (02)");
            }
            if (accountOpen) {
                throw new Malformed(at, "group trailer (98) while account " + account + " has no trailer (49)");
            }
            List<String> f = new Fields(record.content()).all();
            long control = amount(f.isEmpty() ? "" : f.get(0), at, "control total", true);
            long accounts = amount(f.size() > 1 ? f.get(1) : "", at, "number of accounts", false);
            long count = amount(f.size() > 2 ? f.get(2) : "", at, "record count", false);
            if (count != groupRecords) {
                throw new Malformed(at, "group trailer (98) counts " + count + " records, but the group has " + groupRecords);
            }
            if (accounts != groupAccounts) {
                throw new Malformed(at, "group trailer (98) counts " + accounts + " accounts, but the group has " + groupAccounts);
            }
            if (control != groupTotal) {
                throw new Malformed(at, "group trailer (98) has control total " + control + ", but its accounts' trailers add up to " + groupTotal);
            }
            fileTotal = Math.addExact(fileTotal, control);
            groupOpen = false;
        }

        private void fileTrailer(Record record, String at) {
            requireFile(at, "99");
            if (groupOpen) {
                throw new Malformed(at, "file trailer (99) while a group has no trailer (98)");
            }
            List<String> f = new Fields(record.content()).all();
            long control = amount(f.isEmpty() ? "" : f.get(0), at, "control total", true);
            long groupCount = amount(f.size() > 1 ? f.get(1) : "", at, "number of groups", false);
            long count = amount(f.size() > 2 ? f.get(2) : "", at, "record count", false);
            if (count != fileRecords) {
                throw new Malformed(at, "file trailer (99) counts " + count + " records, but the file has " + fileRecords);
            }
            if (groupCount != groups) {
                throw new Malformed(at, "file trailer (99) counts " + groupCount + " groups, but the file has " + groups);
            }
            if (control != fileTotal) {
                throw new Malformed(at, "file trailer (99) has control total " + control + ", but its groups' trailers add up to " + fileTotal);
            }
            fileClosed = true;
        }

        /** A finished 03 (with its 88s) adds its summary amounts; a finished 16 (with its 88s) becomes an entry. */
        private void flush() {
            if (summary != null) {
                Map<String, Long> amounts = new LinkedHashMap<>();
                for (List<String> fields : summary) {
                    summaryAmounts(fields, "line " + summaryLine).forEach((type, amount) -> amounts.merge(type, amount, Math::addExact));
                }
                for (long amount : amounts.values()) {
                    accountTotal = Math.addExact(accountTotal, amount);
                }
                Money opening = amounts.containsKey("010") ? new Money(amounts.get("010"), currency) : null;
                Money closing = amounts.containsKey("015") ? new Money(amounts.get("015"), currency) : null;
                statements.add(new BankStatementFile.Statement(fileId + "/" + groups + "/" + account, account, currency.getCurrencyCode(),
                        asOf, opening, closing, 0));
                summary = null;
            }
            if (detail != null) {
                Detail d = detail;
                int code = Integer.parseInt(d.type());
                BankEntry.Direction direction = code >= 100 && code < 400 ? BankEntry.Direction.CRDT
                        : code >= 400 && code < 700 ? BankEntry.Direction.DBIT : BankEntry.Direction.OTHER;
                List<String> refs = d.customerRef() == null ? List.of() : List.of(d.customerRef());
                String key = d.bankRef() == null ? null : BankStatementFile.BAI2 + "|" + account + "|" + d.bankRef() + "|" + d.type() + "|" + d.amount();
                String text = d.text().toString().replaceAll("\\s+", " ").strip();
                entries.add(new BankEntry(d.line(), "line " + d.line(), key, fileId + "/" + groups + "/" + account, account, direction,
                        new Money(d.amount(), currency), "BOOK", false, asOf, d.valueDate(), d.bankRef(), refs, d.type(),
                        text.isEmpty() ? null : text));
                accountEntries++;
                BankStatementFile.Statement last = statements.get(statements.size() - 1);
                statements.set(statements.size() - 1, new BankStatementFile.Statement(last.id(), last.account(), last.currency(), last.date(),
                        last.opening(), last.closing(), accountEntries));
                detail = null;
            }
        }

        /** Type, amount, item count, funds type (and its extra fields), repeated; extra blank fields between groups are skipped. */
        private static Map<String, Long> summaryAmounts(List<String> fields, String at) {
            Map<String, Long> amounts = new LinkedHashMap<>();
            int i = 0;
            while (i < fields.size()) {
                String type = fields.get(i++);
                if (type.isEmpty()) {
                    continue;
                }
                if (!TYPE_CODE.matcher(type).matches()) {
                    throw new Malformed(at, "account summary type code '" + type + "' is not a three-digit BAI type code");
                }
                long amount = i < fields.size() ? amount(fields.get(i), at, "summary amount for type " + type, true) : 0;
                i += 2;
                String funds = i < fields.size() ? fields.get(i).toUpperCase(java.util.Locale.ROOT) : "";
                i++;
                switch (funds) {
                    case "V" -> i += 2;
                    case "S" -> i += 3;
                    case "D" -> {
                        String n = i < fields.size() ? fields.get(i) : "0";
                        i += 1 + 2 * (n.matches("\\d{1,3}") ? Integer.parseInt(n) : 0);
                    }
                    default -> {
                    }
                }
                amounts.merge(type, amount, Math::addExact);
            }
            return amounts;
        }

        private void requireFile(String at, String code) {
            if (!fileOpen) {
                throw new Malformed(at, "record " + code + " before the file header (01)");
            }
        }

        private static long amount(String value, String at, String what, boolean signed) {
            if (value.isEmpty()) {
                return 0;
            }
            if (!AMOUNT.matcher(value).matches() || (!signed && value.startsWith("-"))) {
                throw new Malformed(at, what + " '" + value + "' is not " + (signed ? "a whole number" : "an unsigned whole number"));
            }
            return Long.parseLong(value.startsWith("+") ? value.substring(1) : value);
        }

        private static LocalDate date(String value, String at, String what) {
            if (!value.matches("\\d{6}")) {
                throw new Malformed(at, what + " '" + value + "' is not a date (YYMMDD)");
            }
            int yy = Integer.parseInt(value.substring(0, 2));
            try {
                return LocalDate.of(yy < 80 ? 2000 + yy : 1900 + yy, Integer.parseInt(value.substring(2, 4)), Integer.parseInt(value.substring(4, 6)));
            } catch (DateTimeException e) {
                throw new Malformed(at, what + " '" + value + "' is not a date (YYMMDD)");
            }
        }
    }

    private record Detail(int line, String type, long amount, LocalDate valueDate, String bankRef, String customerRef, StringBuilder text) {
    }
}
