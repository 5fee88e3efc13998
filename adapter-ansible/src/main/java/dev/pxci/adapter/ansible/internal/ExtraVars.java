package dev.pxci.adapter.ansible.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import dev.pxci.ports.ErrorCode;
import dev.pxci.ports.PxciException;
import dev.pxci.ports.Secret;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The variables handed to a playbook: a tree of maps, lists and scalars whose leaves may be
 * {@link Secret}s. It reaches {@code ansible-playbook} only as a JSON file created with mode 0600
 * ({@code -e @file}), never on the command line or in the environment.
 */
public final class ExtraVars {
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(
            new SimpleModule().addSerializer(Secret.class, new JsonSerializer<Secret>() {
                @Override
                public void serialize(Secret value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
                    gen.writeString(value.reveal());
                }
            }));

    private final Map<String, Object> tree = new LinkedHashMap<>();

    public ExtraVars put(String name, Object value) {
        tree.put(name, value);
        return this;
    }

    public ExtraVars putAll(Map<String, ?> values) {
        tree.putAll(values);
        return this;
    }

    /**
     * Puts a value under a dotted path ({@code gitea.admin.password} becomes
     * {@code {gitea: {admin: {password: ...}}}}), since Ansible variable names cannot hold dots.
     */
    @SuppressWarnings("unchecked")
    public ExtraVars putPath(String dottedPath, Object value) {
        String[] parts = dottedPath.split("\\.");
        Map<String, Object> node = tree;
        for (int i = 0; i < parts.length - 1; i++) {
            String part = requireName(parts[i], dottedPath);
            Object child = node.computeIfAbsent(part, k -> new LinkedHashMap<String, Object>());
            if (!(child instanceof Map)) {
                throw new PxciException(ErrorCode.INVALID_INPUT, "attribute '" + dottedPath + "' conflicts with attribute '"
                        + String.join(".", java.util.Arrays.copyOf(parts, i + 1)) + "', which is a plain value");
            }
            node = (Map<String, Object>) child;
        }
        String leaf = requireName(parts[parts.length - 1], dottedPath);
        if (node.get(leaf) instanceof Map) {
            throw new PxciException(ErrorCode.INVALID_INPUT, "attribute '" + dottedPath + "' conflicts with nested attributes under it");
        }
        node.put(leaf, value);
        return this;
    }

    private static String requireName(String part, String path) {
        if (!part.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new PxciException(ErrorCode.INVALID_INPUT, "attribute '" + path + "' is not a valid Ansible variable path",
                    "use letters, digits and underscores, separated by dots");
        }
        return part;
    }

    /** Every secret leaf, so output can be scrubbed of them. */
    public List<Secret> secrets() {
        List<Secret> found = new ArrayList<>();
        collect(tree, found);
        return found;
    }

    private static void collect(Object node, List<Secret> found) {
        if (node instanceof Secret s) {
            found.add(s);
        } else if (node instanceof Map<?, ?> map) {
            map.values().forEach(v -> collect(v, found));
        } else if (node instanceof Iterable<?> list) {
            list.forEach(v -> collect(v, found));
        }
    }

    /** Writes the variables as JSON into a new file readable by the owner only. */
    public void writeTo(Path file) {
        try (OutputStream out = Files.newOutputStream(
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))),
                StandardOpenOption.WRITE)) {
            JSON.writeValue(out, tree);
        } catch (IOException e) {
            throw new PxciException(ErrorCode.FAILED, "cannot write the playbook variables to " + file + ": " + e.getMessage(),
                    "check the temporary directory (java.io.tmpdir) is writable", e);
        }
    }
}
