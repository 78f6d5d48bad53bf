package io.selvedge.sales.poslog;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One element of a single POSLog {@code Transaction}, as {@link PosLogReader} kept it: the reader builds a small tree
 * per transaction and drops it once mapped, so a whole day's log is never held. Lookups go by local name: an element
 * in the ARTS namespace, in no namespace or under any prefix for it is the same element ({@link #child}); vendor
 * extensions ({@code fu:}, {@code acs:}, {@code VRArtsPoslogExt:}) are found only by {@link #extension}.
 */
final class XmlNode {

    /** The ARTS namespace, with or without its trailing slash (v6 writes it with one). */
    static final String ARTS = "http://www.nrf-arts.org/IXRetail/namespace";

    private final String localName;
    private final String namespace;
    private final String prefix;
    private final Map<String, String> attributes;
    private final XmlNode parent;
    private final List<XmlNode> children = new ArrayList<>();
    private final StringBuilder text = new StringBuilder();
    private String fixedPath;

    XmlNode(String localName, String namespace, String prefix, Map<String, String> attributes, XmlNode parent) {
        this.localName = localName;
        this.namespace = namespace == null ? "" : namespace;
        this.prefix = prefix == null ? "" : prefix;
        this.attributes = attributes;
        this.parent = parent;
        if (parent != null) {
            parent.children.add(this);
        }
    }

    /** A root (a {@code Transaction}) whose path the reader knows from its position in the document. */
    static XmlNode root(String localName, String namespace, String prefix, Map<String, String> attributes, String path) {
        XmlNode node = new XmlNode(localName, namespace, prefix, attributes, null);
        node.fixedPath = path;
        return node;
    }

    /** A node built by hand (tests): attributes as name, value pairs. */
    static XmlNode element(String localName, XmlNode parent, String... attributeNameValue) {
        Map<String, String> attributes = new LinkedHashMap<>();
        for (int i = 0; i + 1 < attributeNameValue.length; i += 2) {
            attributes.put(attributeNameValue[i], attributeNameValue[i + 1]);
        }
        return new XmlNode(localName, ARTS + "/", "", attributes, parent);
    }

    void appendText(CharSequence chars) {
        text.append(chars);
    }

    int textLength() {
        return text.length();
    }

    XmlNode parent() {
        return parent;
    }

    String localName() {
        return localName;
    }

    boolean isArts() {
        return namespace.isEmpty() || namespace.startsWith(ARTS);
    }

    boolean is(String name) {
        return isArts() && localName.equals(name);
    }

    /** The trimmed text, or null when blank. */
    String text() {
        String t = text.toString().strip();
        return t.isEmpty() ? null : t;
    }

    /** An attribute by its local name (an unprefixed one first), or null. */
    String attribute(String name) {
        String value = attributes.get(name);
        if (value == null) {
            for (Map.Entry<String, String> e : attributes.entrySet()) {
                if (e.getKey().endsWith(":" + name)) {
                    return e.getValue();
                }
            }
        }
        return value;
    }

    /** Whether a flag is set, as an attribute or a child element: "true" or "1". */
    boolean flag(String name) {
        String value = attribute(name);
        if (value == null) {
            value = child(name).map(XmlNode::text).orElse(null);
        }
        return value != null && (value.equalsIgnoreCase("true") || value.equals("1"));
    }

    List<XmlNode> children() {
        return children;
    }

    Optional<XmlNode> child(String name) {
        for (XmlNode c : children) {
            if (c.is(name)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    List<XmlNode> children(String name) {
        return children.stream().filter(c -> c.is(name)).toList();
    }

    /** A descendant along local names, e.g. {@code child("BusinessUnit", "UnitID")}. */
    Optional<XmlNode> child(String... names) {
        Optional<XmlNode> at = Optional.of(this);
        for (String name : names) {
            at = at.flatMap(n -> n.child(name));
        }
        return at;
    }

    /** The text of a descendant, or null. */
    String text(String... names) {
        return child(names).map(XmlNode::text).orElse(null);
    }

    /** A vendor extension child (any namespace but ARTS) by local name, compared ignoring case. */
    Optional<XmlNode> extension(String name) {
        for (XmlNode c : children) {
            if (!c.isArts() && c.localName.equalsIgnoreCase(name)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    String extensionText(String name) {
        return extension(name).map(XmlNode::text).orElse(null);
    }

    /**
     * The element path in the document, e.g. {@code /POSLog/Transaction[3]/RetailTransaction/LineItem[2]/Sale/ItemID}: an
     * index where the parent has more than one element of that name; vendor elements keep their prefix.
     */
    String path() {
        if (fixedPath != null) {
            return fixedPath;
        }
        String name = label();
        int position = 0;
        int same = 0;
        for (XmlNode sibling : parent.children) {
            if (sibling.label().equals(name)) {
                same++;
                if (sibling == this) {
                    position = same;
                }
            }
        }
        return parent.path() + "/" + name + (same > 1 ? "[" + position + "]" : "");
    }

    private String label() {
        return isArts() || prefix.isEmpty() ? localName : prefix + ":" + localName;
    }

    @Override
    public String toString() {
        return path();
    }

    static boolean equalsIgnoringCase(String a, String... options) {
        if (a == null) {
            return false;
        }
        String lower = a.toLowerCase(Locale.ROOT);
        for (String option : options) {
            if (lower.equals(option.toLowerCase(Locale.ROOT))) {
                return true;
            }
        }
        return false;
    }
}
