package dev.pxci.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.pxci.ports.ErrorCode;
import dev.pxci.ports.PxciException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Reads the secrets file: JSON in the seed's {@code config.json} shape, nested objects flattened to
 * dotted keys ({@code proxmox.secret}), each with the line it is on; a setting given twice (also
 * once by its seed alias and once by its name) is an error. The file must not be readable or
 * writable by group or others.
 */
final class SecretsFile {
    /** The seed's top-level keys and the settings they mean. */
    private static final Map<String, String> SEED_ALIASES = Map.of(
            "user", "gitea.user",
            "password", "gitea.password",
            "email", "gitea.author-email",
            "pub", "ssh.public-key");

    /** A value and the line it is on. */
    record Entry(String value, int line) {
    }

    private SecretsFile() {
    }

    static Map<String, Entry> read(Path file) {
        String text = InputFile.read(file, "secrets file");
        checkPermissions(file);
        Map<String, Entry> values = new LinkedHashMap<>();
        try (JsonParser p = new JsonFactory().createParser(text)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw invalid(file, p.currentLocation().getLineNr(), "the secrets file must hold one JSON object");
            }
            readObject(p, "", values, file);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            // Jackson's own message quotes the text it could not read, which may be a secret: only the place is said.
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            int column = e.getLocation() == null ? 0 : e.getLocation().getColumnNr();
            throw new PxciException(ErrorCode.INVALID_INPUT, file + ":" + line + ": not valid JSON at column " + column,
                    "values are JSON strings in double quotes, e.g. \"secret\": \"...\"");
        } catch (IOException e) {
            throw new PxciException(ErrorCode.INVALID_INPUT, "cannot read secrets file " + file + ": " + e.getMessage());
        }
        return values;
    }

    private static void readObject(JsonParser p, String prefix, Map<String, Entry> values, Path file) throws IOException {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = prefix + p.currentName();
            JsonToken t = p.nextToken();
            int line = p.currentLocation().getLineNr();
            if (t == JsonToken.START_OBJECT) {
                readObject(p, name + ".", values, file);
            } else if (t == JsonToken.VALUE_NULL) {
                throw invalid(file, line, "'" + name + "' is null; give it a value or leave the key out");
            } else if (t.isScalarValue()) {
                String key = prefix.isEmpty() ? SEED_ALIASES.getOrDefault(name, name) : name;
                Entry first = values.get(key);
                if (first != null) {
                    throw new PxciException(ErrorCode.INVALID_INPUT, file + ":" + line + ": duplicate key " + key
                            + " (first on line " + first.line() + ")", "give each setting once");
                }
                values.put(key, new Entry(p.getValueAsString(), line));
            } else {
                throw invalid(file, line, "'" + name + "' must be a string, number, boolean or object");
            }
        }
    }

    private static void checkPermissions(Path file) {
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
            boolean open = perms.stream().anyMatch(p -> p.name().startsWith("GROUP") || p.name().startsWith("OTHERS"));
            if (open) {
                throw new PxciException(ErrorCode.INVALID_INPUT, "secrets file " + file
                        + " is readable or writable by group or others (" + java.nio.file.attribute.PosixFilePermissions.toString(perms) + ")",
                        "run: chmod 600 " + file);
            }
        } catch (NoSuchFileException e) {
            throw new PxciException(ErrorCode.INVALID_INPUT, "secrets file " + file + " does not exist");
        } catch (UnsupportedOperationException | IOException e) {
            throw new PxciException(ErrorCode.INVALID_INPUT, "cannot check the permissions of secrets file " + file
                    + ": " + e.getMessage());
        }
    }

    private static PxciException invalid(Path file, int line, String message) {
        return new PxciException(ErrorCode.INVALID_INPUT, file + ":" + line + ": " + message);
    }
}
