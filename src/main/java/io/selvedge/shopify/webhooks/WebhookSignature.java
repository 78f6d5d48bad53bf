package io.selvedge.shopify.webhooks;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Shopify's webhook signature: {@code X-Shopify-Hmac-SHA256} is the base64 HMAC-SHA256 of the raw body bytes, keyed
 * with the app's secret. Checked on the bytes as received (a re-serialised body signs differently), comparing the
 * decoded digests in constant time, against every secret given (after a rotation Shopify signs with the old one for
 * up to an hour).
 */
final class WebhookSignature {

    private WebhookSignature() {
    }

    static boolean verifies(byte[] body, String header, List<String> secrets) {
        if (header == null || header.isBlank() || secrets.isEmpty()) {
            return false;
        }
        byte[] presented;
        try {
            presented = Base64.getDecoder().decode(header.trim());
        } catch (IllegalArgumentException notBase64) {
            return false;
        }
        boolean match = false;
        for (String secret : secrets) {
            // no early exit: the time taken must not say which secret matched
            match |= MessageDigest.isEqual(hmac(body, secret), presented);
        }
        return match;
    }

    /** The header value Shopify would send for {@code body}. */
    static String sign(byte[] body, String secret) {
        return Base64.getEncoder().encodeToString(hmac(body, secret));
    }

    private static byte[] hmac(byte[] body, String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(body);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is required by every JDK", e);
        }
    }
}
