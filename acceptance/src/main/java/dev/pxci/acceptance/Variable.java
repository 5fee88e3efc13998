package dev.pxci.acceptance;

import java.util.Map;
import java.util.Optional;

/** The environment variables that drive the suite: name, what it is, its default, and whether it is secret. */
enum Variable {
    URL("PXCI_ACCEPTANCE_URL", "the API, https://HOST:8006", null, false),
    TOKEN("PXCI_ACCEPTANCE_TOKEN", "the API token id, USER@REALM!NAME", null, false),
    SECRET("PXCI_ACCEPTANCE_SECRET", "the API token's secret", null, true),
    IDS("PXCI_ACCEPTANCE_IDS", "the ids the suite may use, FIRST-LAST (2 to 100 ids, none holding a guest it did not make)",
            null, false),
    NODE("PXCI_ACCEPTANCE_NODE", "the node to create on", "pve", false),
    STORAGE("PXCI_ACCEPTANCE_STORAGE", "the storage of the root disks and the shares", "local-lvm", false),
    TEMPLATE("PXCI_ACCEPTANCE_TEMPLATE", "the template volume id",
            "local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst", false),
    BRIDGE("PXCI_ACCEPTANCE_BRIDGE", "the bridge of the containers' eth0", "vmbr0", false),
    FINGERPRINT("PXCI_ACCEPTANCE_FINGERPRINT", "the API certificate's SHA-256 fingerprint to pin", null, false),
    CA_FILE("PXCI_ACCEPTANCE_CA_FILE", "a PEM file of the CA that signed the API certificate", null, false),
    SSH_KEY("PXCI_ACCEPTANCE_SSH_KEY", "a private key file (its .pub beside it is the CI key): with it bootstrap, configure, share and verify run", null,
            false),
    SECRETS("PXCI_ACCEPTANCE_SECRETS", "a pxci secrets file (config.json shape, 0600) for the in-container stages", null,
            false),
    SUBNET("PXCI_ACCEPTANCE_SUBNET", "a test subnet a.b.c.0/NN for the containers' static addresses (else DHCP)", null,
            false),
    GITEA_URL("PXCI_ACCEPTANCE_GITEA_URL", "a Gitea whose version to report", null, false),
    CLI("PXCI_ACCEPTANCE_CLI", "the pxci jar to run", null, false),
    WORK("PXCI_ACCEPTANCE_WORK", "the directory for declarations, logs and the report", null, false),
    GO("PXCI_ACCEPTANCE_GO", "yes: go ahead; otherwise only show what would be done", "no", false);

    /** The one line that says how to run the suite. */
    static final String HOW_TO_RUN = "acceptance skipped: set PXCI_ACCEPTANCE_URL, PXCI_ACCEPTANCE_TOKEN, "
            + "PXCI_ACCEPTANCE_SECRET and PXCI_ACCEPTANCE_IDS (and PXCI_ACCEPTANCE_GO=yes) and run ./acceptance/run";

    private final String name;
    private final String description;
    private final String defaultValue;
    private final boolean secret;

    Variable(String name, String description, String defaultValue, boolean secret) {
        this.name = name;
        this.description = description;
        this.defaultValue = defaultValue;
        this.secret = secret;
    }

    String variableName() {
        return name;
    }

    String description() {
        return description;
    }

    boolean secret() {
        return secret;
    }

    /** The value in {@code environment}, else the default; blank counts as unset. */
    Optional<String> in(Map<String, String> environment) {
        String value = environment.get(name);
        if (value == null || value.isBlank()) {
            return Optional.ofNullable(defaultValue);
        }
        return Optional.of(value.trim());
    }
}
