package io.selvedge.sales.poslog;

import com.ctc.wstx.api.WstxInputProperties;
import com.ctc.wstx.exc.WstxLazyException;
import com.ctc.wstx.stax.WstxInputFactory;
import io.selvedge.shared.ErrorCode;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.xml.stream.Location;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Streams a POSLog document one {@code Transaction} at a time (StAX, Woodstox): only the transaction being read is held,
 * as a small {@link XmlNode} tree, so a whole day's log is never in memory. Hostile input is refused before it costs
 * anything: no DTD (so no external entities and no entity expansion), a byte cap counted on the stream, and caps on
 * depth, text length and the elements kept per transaction. A broken document throws {@link Broken}; the transactions
 * returned before it stand.
 */
final class PosLogReader implements AutoCloseable {

    /** The caps; the byte cap is the endpoint's (configurable), the others are far above any real POSLog. */
    record Limits(long maxBytes, int maxDepth, int maxElementsPerTransaction, int maxTextChars) {

        static Limits of(long maxBytes) {
            return new Limits(maxBytes, 64, 20_000, 64 * 1024);
        }
    }

    /** One transaction as read: its tree, or why it was not kept ({@code refusal}), and where it is. */
    record Read(int index, String path, XmlNode node, String refusal) {
    }

    /** The document cannot be read on: not XML, a DOCTYPE, too large, too deep. Everything read before it stands. */
    static final class Broken extends RuntimeException {

        private final ErrorCode code;
        private final String where;

        Broken(ErrorCode code, String where, String message) {
            super(message, null, false, false);
            this.code = code;
            this.where = where;
        }

        ErrorCode code() {
            return code;
        }

        /** The element path reached, e.g. {@code /POSLog/Transaction[4]/RetailTransaction}. */
        String where() {
            return where;
        }
    }

    /** Elements whose content nothing maps and which can be large (receipt images, base64 blobs): skipped, not kept. */
    private static final java.util.Set<String> SKIPPED = java.util.Set.of("ReceiptImage", "ReceiptData", "Signature");

    private final XMLStreamReader xml;
    private final Limits limits;
    private final Deque<String> open = new ArrayDeque<>();
    private String root;
    private int transactions;
    private boolean finished;

    PosLogReader(InputStream body, Limits limits) {
        this.limits = limits;
        try {
            this.xml = factory(limits).createXMLStreamReader(new Capped(body, limits.maxBytes()));
            start();
        } catch (XMLStreamException | WstxLazyException e) {
            throw broken(e);
        }
    }

    static XMLInputFactory factory(Limits limits) {
        XMLInputFactory factory = new WstxInputFactory();
        // no DTD: no external entities (XXE) and no entity expansion (billion laughs); a DOCTYPE is refused outright below
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
        factory.setXMLResolver((publicId, systemId, baseUri, namespace) -> {
            throw new XMLStreamException("external entities are refused");
        });
        factory.setProperty(WstxInputProperties.P_LAZY_PARSING, false);
        factory.setProperty(WstxInputProperties.P_MAX_ELEMENT_DEPTH, limits.maxDepth());
        factory.setProperty(WstxInputProperties.P_MAX_TEXT_LENGTH, 1024 * 1024);
        factory.setProperty(WstxInputProperties.P_MAX_ATTRIBUTES_PER_ELEMENT, 64);
        factory.setProperty(WstxInputProperties.P_MAX_ATTRIBUTE_SIZE, 64 * 1024);
        return factory;
    }

    /** The next transaction, or null at the end of the document. */
    Read next() {
        if (finished) {
            return null;
        }
        try {
            while (true) {
                int event = xml.next();
                switch (event) {
                    case XMLStreamConstants.START_ELEMENT -> {
                        if (xml.getLocalName().equals("Transaction") && isArts(xml.getNamespaceURI())) {
                            return transaction();
                        }
                        skip(); // a header or an extension at the top: nothing maps from it
                    }
                    case XMLStreamConstants.END_ELEMENT -> {
                        open.pop();
                        while (xml.hasNext()) {
                            refuseEntitiesAndDtd(xml.next());
                        }
                        finished = true;
                        return null;
                    }
                    default -> refuseEntitiesAndDtd(event);
                }
            }
        } catch (XMLStreamException | WstxLazyException e) {
            throw broken(e);
        }
    }

    int transactionsSeen() {
        return transactions;
    }

    @Override
    public void close() {
        try {
            xml.close();
        } catch (XMLStreamException ignored) {
            // closing a reader that already failed: nothing more to say
        }
    }

    private void start() throws XMLStreamException {
        while (xml.hasNext()) {
            int event = xml.next();
            refuseEntitiesAndDtd(event);
            if (event == XMLStreamConstants.START_ELEMENT) {
                root = label();
                open.push("/" + root);
                if (!xml.getLocalName().equals("POSLog")) {
                    throw new Broken(ErrorCode.VALIDATION, "/" + root, "the root element must be POSLog (ARTS/NRF), not " + root);
                }
                return;
            }
        }
        throw new Broken(ErrorCode.MALFORMED_REQUEST, "/", "the body holds no XML element: send one POSLog document");
    }

    private Read transaction() throws XMLStreamException {
        transactions++;
        String path = "/" + root + "/Transaction[" + transactions + "]";
        XmlNode node = XmlNode.root(xml.getLocalName(), xml.getNamespaceURI(), xml.getPrefix(), attributes(), path);
        open.push(path);
        int depth = 1;
        int kept = 1;
        String refusal = null;
        XmlNode at = node;
        while (depth > 0) {
            int event = xml.next();
            switch (event) {
                case XMLStreamConstants.START_ELEMENT -> {
                    if (SKIPPED.contains(xml.getLocalName())) {
                        skip();
                        continue;
                    }
                    depth++;
                    if (refusal == null && ++kept > limits.maxElementsPerTransaction()) {
                        refusal = "has more than " + limits.maxElementsPerTransaction() + " elements: a transaction is refused rather than kept in memory";
                    }
                    if (refusal == null) {
                        at = new XmlNode(xml.getLocalName(), xml.getNamespaceURI(), xml.getPrefix(), attributes(), at);
                        open.push(at.path());
                    } else {
                        open.push(open.peek());
                    }
                }
                case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA -> {
                    // indentation between elements is not text: kept, it would add up over thousands of line items
                    if (refusal == null && (at.textLength() > 0 || !xml.isWhiteSpace())) {
                        if (at.textLength() + xml.getTextLength() > limits.maxTextChars()) {
                            refusal = at.path() + " holds more than " + limits.maxTextChars() + " characters of text";
                        } else {
                            at.appendText(new String(xml.getTextCharacters(), xml.getTextStart(), xml.getTextLength()));
                        }
                    }
                }
                case XMLStreamConstants.END_ELEMENT -> {
                    depth--;
                    open.pop();
                    if (refusal == null && depth > 0) {
                        at = parentOf(node, at);
                    }
                }
                default -> refuseEntitiesAndDtd(event);
            }
        }
        return new Read(transactions - 1, path, refusal == null ? node : null, refusal);
    }

    /** The parent of {@code at} inside the tree rooted at {@code root}. */
    private static XmlNode parentOf(XmlNode root, XmlNode at) {
        return at.parent() == null ? root : at.parent();
    }

    /** Skips the element just started, with everything in it, keeping nothing. */
    private void skip() throws XMLStreamException {
        int depth = 1;
        while (depth > 0) {
            int event = xml.next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                depth++;
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                depth--;
            } else {
                refuseEntitiesAndDtd(event);
            }
        }
    }

    private void refuseEntitiesAndDtd(int event) {
        if (event == XMLStreamConstants.DTD) {
            throw new Broken(ErrorCode.MALFORMED_REQUEST, where(), "a DOCTYPE is not accepted: POSLog never needs one, and a DTD can pull in "
                    + "external entities or expand entities without end");
        }
        if (event == XMLStreamConstants.ENTITY_REFERENCE) {
            throw new Broken(ErrorCode.MALFORMED_REQUEST, where(), "the entity reference &" + xml.getLocalName() + "; is not accepted");
        }
    }

    private Map<String, String> attributes() {
        Map<String, String> attributes = new LinkedHashMap<>();
        for (int i = 0; i < xml.getAttributeCount(); i++) {
            String prefix = xml.getAttributePrefix(i);
            String name = prefix == null || prefix.isEmpty() ? xml.getAttributeLocalName(i) : prefix + ":" + xml.getAttributeLocalName(i);
            attributes.put(name, xml.getAttributeValue(i));
        }
        return attributes;
    }

    private String label() {
        String prefix = xml.getPrefix();
        return prefix == null || prefix.isEmpty() || isArts(xml.getNamespaceURI()) ? xml.getLocalName() : prefix + ":" + xml.getLocalName();
    }

    private static boolean isArts(String namespace) {
        return namespace == null || namespace.isEmpty() || namespace.startsWith(XmlNode.ARTS);
    }

    private String where() {
        return open.isEmpty() ? "/" : open.peek();
    }

    private Broken broken(Exception e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof BodyTooLarge) {
                return new Broken(ErrorCode.PAYLOAD_TOO_LARGE, where(), "the body is larger than " + limits.maxBytes()
                        + " bytes (selvedge.poslog.max-body); split the log, e.g. by business day or workstation");
            }
            if (cause instanceof Broken b) {
                return b;
            }
        }
        Location location = e instanceof XMLStreamException x ? x.getLocation() : null;
        String message = e.getMessage() == null ? "unreadable" : e.getMessage();
        // Woodstox starts with its own location line; keep the reason only, short
        message = message.replaceFirst("(?s)^ParseError at \\[row,col]:\\[\\d+,\\d+]\\s*Message:\\s*", "").split("\n", 2)[0].strip();
        if (message.length() > 200) {
            message = message.substring(0, 200) + "…";
        }
        String at = location == null ? "" : " at line " + location.getLineNumber() + ", column " + location.getColumnNumber();
        return new Broken(ErrorCode.MALFORMED_REQUEST, where(), "not well-formed XML" + at + ": " + Pans.mask(message));
    }

    /** Thrown by the stream when the body passes the cap; found again in the parser's exception's causes. */
    static final class BodyTooLarge extends IOException {

        BodyTooLarge() {
            super("body too large");
        }
    }

    /** Counts the bytes as the parser pulls them, so the cap holds for a body of unknown length (chunked). */
    static final class Capped extends FilterInputStream {

        private final long max;
        private long count;

        Capped(InputStream in, long max) {
            super(in);
            this.max = max;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(n);
            count(skipped);
            return skipped;
        }

        private void count(long n) throws BodyTooLarge {
            count += n;
            if (count > max) {
                throw new BodyTooLarge();
            }
        }
    }
}
