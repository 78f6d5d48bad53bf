package io.selvedge.reconciliation.adyen;

import io.selvedge.reconciliation.domain.Malformed;
import java.util.ArrayList;
import java.util.List;

/**
 * RFC 4180 records: comma-separated, fields optionally in double quotes (a doubled quote inside is one quote,
 * commas and line breaks inside quotes are data), records ending at CR LF or LF. Each record knows the line it
 * starts on, so a refusal can name it. A quote left open at the end of the file is a truncated file.
 */
final class CsvRecords {

    private CsvRecords() {
    }

    record Row(int line, List<String> fields) {

        boolean isBlank() {
            return fields.stream().allMatch(String::isBlank);
        }
    }

    static List<Row> read(String text) {
        List<Row> rows = new ArrayList<>();
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        int line = 1;
        int rowStart = 1;
        int quoteOpenedOn = 0;
        boolean quoted = false;
        boolean any = false;
        int n = text.length();
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < n && text.charAt(i + 1) == '"') {
                        field.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    if (c == '\n') {
                        line++;
                    }
                    field.append(c);
                }
                continue;
            }
            switch (c) {
                case '"' -> {
                    if (field.isEmpty()) {
                        quoted = true;
                        quoteOpenedOn = line;
                    } else {
                        // a stray quote inside an unquoted field is data, as most writers mean it
                        field.append(c);
                    }
                    any = true;
                }
                case ',' -> {
                    fields.add(field.toString());
                    field.setLength(0);
                    any = true;
                }
                case '\r' -> {
                    // CR LF ends a record at the LF; a lone CR is data
                    if (i + 1 >= n || text.charAt(i + 1) != '\n') {
                        field.append(c);
                    }
                }
                case '\n' -> {
                    fields.add(field.toString());
                    field.setLength(0);
                    rows.add(new Row(rowStart, List.copyOf(fields)));
                    fields.clear();
                    any = false;
                    line++;
                    rowStart = line;
                }
                default -> {
                    field.append(c);
                    any = true;
                }
            }
        }
        if (quoted) {
            throw new Malformed("line " + quoteOpenedOn, "a quoted field is never closed: the file is truncated or its quoting is broken");
        }
        if (any || !field.isEmpty()) {
            fields.add(field.toString());
            rows.add(new Row(rowStart, List.copyOf(fields)));
        }
        return rows;
    }
}
