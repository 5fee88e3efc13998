package dev.pxci.adapter.proxmox.internal;

import dev.pxci.ports.ErrorCode;
import dev.pxci.ports.PxciException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Proxmox VE task id, {@code UPID:<node>:<pid>:<pstart>:<starttime>:<type>:<id>:<user>:}, read as
 * strictly as pve-common's {@code PVE::Tools::upid_decode}: nothing before or after it. The user
 * field is {@code user@realm} or, for token tasks, {@code user@realm!tokenid}; like Proxmox VE's
 * task status, it is split into {@link #user()} and {@link #tokenId()}. A task is polled on its own node.
 */
public record Upid(String raw, String node, long pid, long pstart, long startTime, String type, String id, String user,
        Optional<String> tokenId) {

    private static final Pattern FORMAT = Pattern.compile(
            "^UPID:([a-zA-Z0-9](?:[a-zA-Z0-9\\-]*[a-zA-Z0-9])?):([0-9A-Fa-f]{8}):([0-9A-Fa-f]{8,9}):([0-9A-Fa-f]{8}):"
                    + "([^:\\s/]+):([^:\\s/]*):([^:\\s/]+):$");

    public static Upid parse(String text) {
        Matcher m = text == null ? null : FORMAT.matcher(text);
        if (m == null || !m.matches()) {
            throw new PxciException(ErrorCode.FAILED,
                    "Proxmox VE answered with '" + text + "' where a task id (UPID:node:...:user:) was expected",
                    "check that proxmox.url points at a Proxmox VE API (https://HOST:8006)");
        }
        String owner = m.group(7);
        int bang = owner.indexOf('!');
        return new Upid(m.group(0), m.group(1), Long.parseLong(m.group(2), 16), Long.parseLong(m.group(3), 16),
                Long.parseLong(m.group(4), 16), m.group(5), m.group(6), bang < 0 ? owner : owner.substring(0, bang),
                bang < 0 ? Optional.empty() : Optional.of(owner.substring(bang + 1)));
    }

    @Override
    public String toString() {
        return raw;
    }
}
