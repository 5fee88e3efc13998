package dev.pxci.adapter.shell.internal;

import dev.pxci.ports.Redactor;
import dev.pxci.ports.shell.OutputChannel;
import dev.pxci.ports.shell.OutputListener;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Predicate;

/**
 * One output stream of a running command: splits the bytes into lines, masks secret values, hands
 * each line to the {@link OutputListener} as it arrives and keeps the last {@code tailLimit}
 * characters for the result (dropping whole lines from the head, and saying so). A line longer
 * than {@value #MAX_LINE_BYTES} bytes is passed on in pieces. A listener that throws is not
 * called again; {@link #listenerFailure()} tells. Thread-safe.
 */
public final class OutputCollector extends OutputStream {
    /** How much of each stream a result keeps: the last 1 MiB of characters. */
    public static final int DEFAULT_TAIL_CHARS = 1 << 20;
    static final int MAX_LINE_BYTES = 64 * 1024;

    private final OutputChannel channel;
    private final OutputListener listener;
    private final Redactor mask;
    private final int tailLimit;
    private final Predicate<String> markerConsumer;
    private final byte[] line = new byte[MAX_LINE_BYTES];
    private int lineLength;
    private boolean markerTaken;
    private final Deque<String> tail = new ArrayDeque<>();
    private long tailChars;
    private boolean truncated;
    private RuntimeException listenerFailure;

    /**
     * @param markerConsumer sees each complete line before anyone else until it returns true for
     *     one; that line goes neither to the listener nor into the result (the remote script's
     *     process id report, which a server may precede with messages of its own)
     */
    public OutputCollector(OutputChannel channel, OutputListener listener, Redactor mask, int tailLimit,
            Predicate<String> markerConsumer) {
        this.channel = channel;
        this.listener = listener;
        this.mask = mask;
        this.tailLimit = tailLimit;
        this.markerConsumer = markerConsumer;
    }

    public OutputCollector(OutputChannel channel, OutputListener listener, Redactor mask) {
        this(channel, listener, mask, DEFAULT_TAIL_CHARS, line -> false);
    }

    @Override
    public synchronized void write(int b) {
        accept((byte) b);
    }

    @Override
    public synchronized void write(byte[] bytes, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            accept(bytes[i]);
        }
    }

    private void accept(byte b) {
        if (b == '\n') {
            emit(lineLength, true);
            return;
        }
        line[lineLength++] = b;
        if (lineLength == MAX_LINE_BYTES) {
            emitPiece();
        }
    }

    /** Passes on a last line that had no newline; call once the stream has ended. */
    public synchronized void finish() {
        if (lineLength > 0) {
            emit(lineLength, false);
        }
    }

    /** The kept output (the last part of it when {@link #truncated()}). */
    public synchronized String text() {
        return String.join("", tail);
    }

    public synchronized boolean truncated() {
        return truncated;
    }

    /** What the listener threw, if it did. */
    public synchronized RuntimeException listenerFailure() {
        return listenerFailure;
    }

    private void emitPiece() {
        int cut = lineLength;
        while (cut > 0 && (line[cut - 1] & 0xC0) == 0x80) {
            cut--;
        }
        if (cut > 0 && (line[cut - 1] & 0xC0) == 0xC0) {
            cut--;
        }
        if (cut == 0) {
            cut = lineLength;
        }
        int rest = lineLength - cut;
        emit(cut, false);
        System.arraycopy(line, cut, line, 0, rest);
        lineLength = rest;
    }

    private void emit(int length, boolean newline) {
        String text = new String(line, 0, length, StandardCharsets.UTF_8);
        lineLength = 0;
        if (!markerTaken && newline && markerConsumer.test(text)) {
            markerTaken = true;
            return;
        }
        String masked = mask.apply(text);
        if (listenerFailure == null) {
            try {
                listener.onLine(channel, masked);
            } catch (RuntimeException e) {
                listenerFailure = e;
            }
        }
        keep(newline ? masked + "\n" : masked);
    }

    private void keep(String segment) {
        tail.addLast(segment);
        tailChars += segment.length();
        while (tailChars > tailLimit && tail.size() > 1) {
            tailChars -= tail.removeFirst().length();
            truncated = true;
        }
    }
}
