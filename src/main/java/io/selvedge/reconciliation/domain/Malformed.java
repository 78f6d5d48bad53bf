package io.selvedge.reconciliation.domain;

/**
 * Thrown inside a parser when a file cannot be read as its format says; the parser's entry point turns it into a
 * {@link Parsed.Refused} naming where ({@code location}: "line 12", "/Document/BkToCstmrStmt/Stmt[1]/Ntry[2]/Amt")
 * and why.
 */
public final class Malformed extends RuntimeException {

    private final String location;

    public Malformed(String location, String reason) {
        super(reason);
        this.location = location;
    }

    public String location() {
        return location;
    }

    public String reason() {
        return getMessage();
    }
}
