package dev.pxci.adapter.cinc.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.pxci.ports.ErrorCode;
import dev.pxci.ports.PxciException;
import dev.pxci.ports.Secret;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The node attributes of one run as {@code dna.json}: dotted keys ({@code gitea.admin.password})
 * become nested objects. Plain and secret attributes share one tree; a key that is both a value
 * and a parent of other keys is refused, naming the keys but never a value.
 */
public final class NodeAttributes {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private NodeAttributes() {
    }

    /** The JSON document. Holds secret values: write it only to a private file. */
    public static byte[] toJson(Map<String, String> plain, Map<String, Secret> secret) {
        Map<String, Object> root = new TreeMap<>();
        Set<String> keys = new TreeSet<>();
        plain.forEach((key, value) -> put(root, keys, key, value));
        secret.forEach((key, value) -> {
            if (plain.containsKey(key)) {
                throw new PxciException(ErrorCode.INVALID_INPUT,
                        "attribute '" + key + "' is given both as a plain and as a secret attribute",
                        "give it once, as a secret when it is one");
            }
            put(root, keys, key, value.reveal());
        });
        try {
            return JSON.writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of strings always serialises", e);
        }
    }

    @SuppressWarnings("unchecked")
    private static void put(Map<String, Object> root, Set<String> keys, String key, String value) {
        String[] parts = key.split("\\.", -1);
        for (String part : parts) {
            if (part.isBlank()) {
                throw new PxciException(ErrorCode.INVALID_INPUT,
                        "attribute key '" + key + "' has an empty part; write keys as dotted names such as gitea.version");
            }
        }
        Map<String, Object> node = root;
        StringBuilder path = new StringBuilder();
        for (int i = 0; i < parts.length - 1; i++) {
            path.append(i == 0 ? "" : ".").append(parts[i]);
            Object child = node.computeIfAbsent(parts[i], k -> new TreeMap<String, Object>());
            if (!(child instanceof Map)) {
                throw clash(path.toString(), key);
            }
            node = (Map<String, Object>) child;
        }
        String last = parts[parts.length - 1];
        if (node.containsKey(last)) {
            String other = keys.stream().filter(k -> k.startsWith(key + ".")).findFirst().orElse(key);
            throw clash(key, other);
        }
        node.put(last, value);
        keys.add(key);
    }

    private static PxciException clash(String first, String second) {
        return new PxciException(ErrorCode.INVALID_INPUT,
                "attributes '" + first + "' and '" + second + "' clash: one is a value, the other needs it to be a group",
                "rename one of them");
    }
}
