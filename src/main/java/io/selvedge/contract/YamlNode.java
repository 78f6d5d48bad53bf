package io.selvedge.contract;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/** A composed YAML node that remembers its path and line, so every contract error can name both. */
final class YamlNode {

    private final Node node;
    private final String path;
    private final String source;

    YamlNode(Node node, String path, String source) {
        this.node = node;
        this.path = path;
        this.source = source;
    }

    int line() {
        return node.getStartMark().getLine() + 1;
    }

    String path() {
        return path;
    }

    ContractException error(String problem) {
        return new ContractException(source + " line " + line() + ": " + (path.isEmpty() ? "" : path + " ") + problem);
    }

    Map<String, YamlNode> mapping() {
        if (!(node instanceof MappingNode mapping)) {
            throw error("must be a mapping of names to values");
        }
        Map<String, YamlNode> entries = new LinkedHashMap<>();
        for (NodeTuple tuple : mapping.getValue()) {
            if (!(tuple.getKeyNode() instanceof ScalarNode key)) {
                throw new YamlNode(tuple.getKeyNode(), path, source).error("has a key that is not a plain name");
            }
            String childPath = path.isEmpty() ? key.getValue() : path + "." + key.getValue();
            if (entries.containsKey(key.getValue())) {
                throw new YamlNode(key, childPath, source).error("is given twice");
            }
            entries.put(key.getValue(), new YamlNode(tuple.getValueNode(), childPath, source));
        }
        return entries;
    }

    List<YamlNode> sequence() {
        if (node instanceof ScalarNode) {
            return List.of(this); // a single value where a list is expected: "locations: WH1"
        }
        if (!(node instanceof SequenceNode sequence)) {
            throw error("must be a list");
        }
        List<YamlNode> items = new ArrayList<>();
        for (int i = 0; i < sequence.getValue().size(); i++) {
            items.add(new YamlNode(sequence.getValue().get(i), path + "[" + i + "]", source));
        }
        return items;
    }

    String text() {
        if (!(node instanceof ScalarNode scalar)) {
            throw error("must be a single value");
        }
        return scalar.getValue();
    }

    List<String> texts() {
        return sequence().stream().map(YamlNode::text).toList();
    }

    /** A required entry of this mapping. */
    YamlNode get(String key) {
        YamlNode child = mapping().get(key);
        if (child == null) {
            throw error("is missing '" + key + "'");
        }
        return child;
    }

    Optional<YamlNode> find(String key) {
        return Optional.ofNullable(mapping().get(key));
    }
}
