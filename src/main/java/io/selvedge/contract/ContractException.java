package io.selvedge.contract;

/** An invalid contract file; the message names the file, the line and the problem. Fails start-up. */
public class ContractException extends RuntimeException {

    public ContractException(String message) {
        super(message);
    }
}
