package dev.pxci.adapter.shell.internal;

import java.util.Arrays;
import java.util.Optional;

/** What to do with a host whose key the known_hosts file does not list yet. */
public enum HostKeyPolicy {
    /** Refuse it: the key must be in known_hosts or pinned. The default. */
    STRICT("strict"),
    /** Trust it on first use and append it to known_hosts; a changed key is still refused. */
    ACCEPT_NEW("accept-new");

    private final String configValue;

    HostKeyPolicy(String configValue) {
        this.configValue = configValue;
    }

    /** The value of {@code ssh.host-key-policy} that selects this policy. */
    public String configValue() {
        return configValue;
    }

    static Optional<HostKeyPolicy> fromConfigValue(String value) {
        return Arrays.stream(values()).filter(p -> p.configValue.equals(value)).findFirst();
    }
}
