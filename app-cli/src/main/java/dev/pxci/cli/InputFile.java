package dev.pxci.cli;

import dev.pxci.ports.ErrorCode;
import dev.pxci.ports.PxciException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * A file the user names (a configuration or the secrets file), read only when it is a regular file
 * (never a FIFO, a device or a directory, followed through links), at most {@link #MAX_BYTES}
 * long, and UTF-8 text; a leading byte-order mark is dropped. Anything else is one
 * {@code INVALID_INPUT} error naming the file and what is accepted.
 */
final class InputFile {
    /** Far above any deployment file; a bound so that a wrong file cannot fill the memory. */
    static final int MAX_BYTES = 1 << 20;
    private static final char BYTE_ORDER_MARK = '\uFEFF';

    private InputFile() {
    }

    /** The text of {@code file}, described as {@code what} ("configuration", "secrets file") in errors. */
    static String read(Path file, String what) {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            throw new PxciException(ErrorCode.INVALID_INPUT, what + " " + file + " does not exist");
        } catch (IOException e) {
            throw new PxciException(ErrorCode.INVALID_INPUT, "cannot read " + what + " " + file + ": " + e.getMessage());
        }
        if (!attributes.isRegularFile()) {
            throw new PxciException(ErrorCode.INVALID_INPUT, what + " " + file + " is " + kind(attributes) + ", not a regular file",
                    "name a regular text file");
        }
        if (attributes.size() > MAX_BYTES) {
            throw tooLarge(file, what);
        }
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(MAX_BYTES + 1);
        } catch (IOException e) {
            throw new PxciException(ErrorCode.INVALID_INPUT, "cannot read " + what + " " + file + ": " + e.getMessage());
        }
        if (bytes.length > MAX_BYTES) {
            throw tooLarge(file, what);
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new PxciException(ErrorCode.INVALID_INPUT, what + " " + file + " is not UTF-8 text (a binary file?)",
                    "name a text file in UTF-8");
        }
        if (text.indexOf('\0') >= 0) {
            throw new PxciException(ErrorCode.INVALID_INPUT, what + " " + file + " holds NUL characters: it is not a text file",
                    "name a text file in UTF-8");
        }
        return !text.isEmpty() && text.charAt(0) == BYTE_ORDER_MARK ? text.substring(1) : text;
    }

    private static PxciException tooLarge(Path file, String what) {
        return new PxciException(ErrorCode.INVALID_INPUT, what + " " + file + " is larger than " + (MAX_BYTES >> 10)
                + " KiB", "name the deployment's own file; nothing of that size is one");
    }

    private static String kind(BasicFileAttributes attributes) {
        if (attributes.isDirectory()) {
            return "a directory";
        }
        return attributes.isOther() ? "a FIFO, socket or device" : "not a file";
    }
}
