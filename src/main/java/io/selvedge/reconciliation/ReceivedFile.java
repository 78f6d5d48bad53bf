package io.selvedge.reconciliation;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A file as posted: its bytes, the content type it came with, an explicit format when the caller named one
 * ({@code ?format=adyen}), and the contract system that sent it. Its SHA-256 is the import's idempotency key.
 */
public record ReceivedFile(byte[] content, String contentType, String format, String receivedFrom) {

    public ReceivedFile {
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(receivedFrom, "receivedFrom");
    }

    public String sha256() {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JDK", e);
        }
    }

    /** The media type without parameters, lower case ("text/csv"), or "" when none was sent. */
    public String mediaType() {
        if (contentType == null) {
            return "";
        }
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase(java.util.Locale.ROOT);
    }
}
