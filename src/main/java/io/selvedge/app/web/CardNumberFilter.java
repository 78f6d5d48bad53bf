package io.selvedge.app.web;

import io.selvedge.shared.CardNumbers;
import io.selvedge.shared.ErrorCode;
import io.selvedge.shared.FieldError;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.SequenceInputStream;
import java.net.URLDecoder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.TokenStreamContext;
import tools.jackson.databind.json.JsonMapper;

/**
 * Refuses a full card number anywhere in an {@code /api/} or {@code /webhooks/} request (API.md: "a full card number
 * anywhere in a payload is refused (422) and never stored"), before any controller parses, stores or logs it: in the path
 * and the query string, and in every string or number of a JSON body (a field's name too). The answer names where it was
 * found, never the number, and the log says only that one was refused.
 *
 * <p>Values of {@code gtin}/{@code gtin14} fields are not read: a German EAN-13 (prefix 40 to 44) can pass the Luhn check
 * with a Visa prefix. Nor is {@code inventoryItemId}, Shopify's 14-digit numeric id that often starts with a 4.
 *
 * <p>The JSON body is read here and handed on to the controller byte for byte. Bodies beyond {@link #MAX_CHECKED_BYTES}
 * (no API body comes near it; a 32 MB Stripe export could) are handed on unread, for the controller's own limit. Other
 * bodies are their parsers' to check as they stream them: POSLog and catalogue imports. Shopify webhooks are too: their
 * intake keeps a card-carrying delivery as REFUSED without its body and acknowledges it, as Shopify must be answered 2xx or
 * it redelivers and in the end drops the subscription; only their path and query are checked here.
 */
final class CardNumberFilter extends OncePerRequestFilter {

    static final int MAX_CHECKED_BYTES = 10 * 1024 * 1024;
    private static final Set<String> NOT_CARD_NUMBERS = Set.of("gtin", "gtin14", "inventoryItemId");
    private static final Logger log = LoggerFactory.getLogger(CardNumberFilter.class);

    private final JsonMapper json;

    CardNumberFilter(JsonMapper json) {
        this.json = json;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String uri = request.getRequestURI();
        return !uri.startsWith("/api/") && !uri.startsWith("/webhooks/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String found = inPathOrQuery(request);
        if (found != null) {
            refuse(request, response, found, "url");
            return;
        }
        if (!request.getRequestURI().startsWith("/api/") || !isJson(request.getContentType())) {
            chain.doFilter(request, response);
            return;
        }
        InputStream in = request.getInputStream();
        byte[] head = in.readNBytes(MAX_CHECKED_BYTES + 1);
        if (head.length > MAX_CHECKED_BYTES) {
            chain.doFilter(new CachedBody(request, head, in), response);
            return;
        }
        found = inJson(head);
        if (found != null) {
            refuse(request, response, found, "body");
            return;
        }
        chain.doFilter(new CachedBody(request, head, null), response);
    }

    /** The field holding a card number in the path or a query parameter, or null. */
    private static String inPathOrQuery(HttpServletRequest request) {
        if (CardNumbers.containsCardNumber(decode(request.getRequestURI(), false))) {
            return "path";
        }
        String query = request.getQueryString();
        if (query == null) {
            return null;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq), true);
            if (CardNumbers.containsCardNumber(name)) {
                return "query";
            }
            if (eq >= 0 && !NOT_CARD_NUMBERS.contains(name) && CardNumbers.containsCardNumber(decode(pair.substring(eq + 1), true))) {
                return name;
            }
        }
        return null;
    }

    private static String decode(String text, boolean form) {
        try {
            return URLDecoder.decode(form ? text : text.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            return text; // read as sent: a malformed escape hides nothing the raw text does not show
        }
    }

    /**
     * The path of the first JSON value (or field name) holding a card number, or null. A body that is not JSON is read
     * as text whole, so a malformed one cannot slip a number past to be echoed by a parser's message.
     */
    String inJson(byte[] body) {
        try (JsonParser p = json.createParser(body)) {
            JsonToken token;
            while ((token = p.nextToken()) != null) {
                switch (token) {
                    case PROPERTY_NAME -> {
                        if (CardNumbers.containsCardNumber(p.currentName())) {
                            String parent = path(p.streamReadContext().getParent());
                            return parent.isEmpty() ? "body" : parent;
                        }
                    }
                    case VALUE_STRING, VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
                        String name = p.streamReadContext().inObject() ? p.currentName() : null;
                        if ((name == null || !NOT_CARD_NUMBERS.contains(name)) && CardNumbers.containsCardNumber(p.getString())) {
                            String path = path(p.streamReadContext());
                            return path.isEmpty() ? "body" : path;
                        }
                    }
                    default -> {
                    }
                }
            }
            return null;
        } catch (JacksonException notJson) {
            return CardNumbers.containsCardNumber(new String(body, StandardCharsets.UTF_8)) ? "body" : null;
        }
    }

    /** {@code lines[0].reason}, as the hub names fields in its problems. */
    private static String path(TokenStreamContext context) {
        List<String> parts = new ArrayList<>();
        for (TokenStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
            if (c.inArray()) {
                parts.add(0, "[" + Math.max(0, c.getCurrentIndex()) + "]");
            } else if (c.currentName() != null) {
                parts.add(0, "." + c.currentName());
            }
        }
        String path = String.join("", parts);
        return path.startsWith(".") ? path.substring(1) : path;
    }

    private static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        try {
            MediaType type = MediaType.parseMediaType(contentType);
            return type.getType().equals("application") && (type.getSubtype().equals("json") || type.getSubtype().endsWith("+json"));
        } catch (IllegalArgumentException malformed) {
            return false;
        }
    }

    private void refuse(HttpServletRequest request, HttpServletResponse response, String field, String where) throws IOException {
        log.warn("event=request.card-number-refused method={} where={}", request.getMethod(), where);
        response.setStatus(ErrorCode.CARD_NUMBER_REFUSED.status());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        String message = "holds what looks like a full card number; send only the last four digits and the processor's reference";
        json.writeValue(response.getOutputStream(), Problems.problem(ErrorCode.CARD_NUMBER_REFUSED,
                "The request contains what looks like a full card number (" + field + "); nothing was kept",
                List.of(new FieldError(field, message))));
    }

    /** The request with its body read already: the bytes read, then whatever was left unread. */
    private static final class CachedBody extends HttpServletRequestWrapper {

        private final InputStream body;

        CachedBody(HttpServletRequest request, byte[] head, InputStream rest) {
            super(request);
            this.body = rest == null ? new ByteArrayInputStream(head) : new SequenceInputStream(new ByteArrayInputStream(head), rest);
        }

        @Override
        public ServletInputStream getInputStream() {
            return new ServletInputStream() {
                private boolean finished;

                @Override
                public int read() throws IOException {
                    int b = body.read();
                    finished = b < 0;
                    return b;
                }

                @Override
                public int read(byte[] buffer, int offset, int length) throws IOException {
                    int n = body.read(buffer, offset, length);
                    finished = n < 0;
                    return n;
                }

                @Override
                public boolean isFinished() {
                    return finished;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("the body was read already; it is replayed synchronously");
                }
            };
        }

        @Override
        public BufferedReader getReader() {
            String encoding = getCharacterEncoding();
            Charset charset;
            try {
                charset = encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding);
            } catch (IllegalArgumentException unknown) {
                charset = StandardCharsets.UTF_8;
            }
            return new BufferedReader(new InputStreamReader(getInputStream(), charset));
        }
    }
}
