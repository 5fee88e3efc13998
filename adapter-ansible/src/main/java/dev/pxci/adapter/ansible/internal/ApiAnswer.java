package dev.pxci.adapter.ansible.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * The answer to one GET of the read playbook.
 *
 * @param path the API path asked for
 * @param status the HTTP status, -1 when no answer came (connection or TLS failure)
 * @param failure {@code ansible.builtin.uri}'s message when the status was not 200, which carries
 *     the reason phrase, where Proxmox VE puts its error text
 * @param data the answer's {@code data}, a null node when there was none
 */
public record ApiAnswer(String path, int status, String failure, JsonNode data) {
    public ApiAnswer {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(failure, "failure");
        Objects.requireNonNull(data, "data");
    }

    public boolean ok() {
        return status == 200;
    }

    /** Proxmox VE's way of saying "no such container": a 500 whose text says the config does not exist. */
    public boolean missing() {
        return status == 500 && failure.contains("does not exist");
    }
}
