package dev.pxci.adapter.proxmox.internal;

import dev.pxci.ports.ErrorCode;
import dev.pxci.ports.PxciException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Proxmox VE task id, {@code UPID:<node>:<pid>:<pstart>:<starttime>:<type>:<id>:<user>:}. The
 * user is {@code user@realm} or, for token tasks, {@code user@realm!tokenid}. A task is polled on
 * its own node.
 */
public record Upid(String raw, String node, long pid, long pstart, long startTime, String type, String id, String user) {

    private static final Pattern FORMAT = Pattern.compile(
            "^UPID:([a-zA-Z0-9](?:[a-zA-Z0-9\\-]*[a-zA-Z0-9])?):([0-9A-Fa-f]{8}):([0-9A-Fa-f]{8,9}):([0-9A-Fa-f]{8}):"
                    + "([^:\\s/]+):([^:\\s/]*):([^:\\s/]+):$");

    public static Upid parse(String text) {
        Matcher m = text == null ? null : FORMAT.matcher(text.trim());
        if (m == null || !m.matches()) {
            throw new PxciException(ErrorCode.FAILED,
                    "Proxmox VE answered with '" + text + "' where a task id (UPID:node:...:user:) was expected",
                    "check that proxmox.url points at a Proxmox VE API (https://HOST:8006)");
        }
        return new Upid(m.group(0), m.group(1), Long.parseLong(m.group(2), 16), Long.parseLong(m.group(3), 16),
                Long.parseLong(m.group(4), 16), m.group(5), m.group(6), m.group(7));
    }

    @Override
    public String toString() {
        return raw;
    }
}
