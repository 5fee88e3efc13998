package dev.pxci.cli;

import dev.pxci.ports.spi.ConfigKey;
import java.util.List;

/** Settings the CLI itself reads (not an adapter), from the same sources as adapter settings. */
final class HostKeys {
    static final ConfigKey CI_PUBLIC_KEY = ConfigKey.plain("ssh.public-key",
            "the CI's OpenSSH public key (or the path of a .pub file) authorised in each container");
    static final ConfigKey PROJECT = ConfigKey.plain("project",
            "the tree replicated into each container's Gitea (default: the working directory)");
    static final ConfigKey REPOSITORY = ConfigKey.plain("repository",
            "the repository the project is replicated into", "pxci");
    static final ConfigKey ORGANISATION = ConfigKey.plain("organisation", "the Gitea organisation", "srv");
    static final ConfigKey MAX_DEPTH = ConfigKey.plain("max-depth",
            "how many levels deep self-replication may trigger pipelines", "1");
    static final ConfigKey DEPTH = ConfigKey.plain("depth",
            "this run's replication depth (set by the replicated pipeline)", "0");
    static final ConfigKey SELF = ConfigKey.plain("self",
            "node/vmid of the container this run executes in, when it runs inside one");
    static final ConfigKey SHARE_PASSWORD = ConfigKey.secret("share.password",
            "Samba password of the service user for the shares");
    static final ConfigKey TOOL_VERSION = ConfigKey.plain("tool.version",
            "the configuration tool version bootstrap installs (empty: none)");
    static final ConfigKey TOOL_URL = ConfigKey.plain("tool.package-url", "where bootstrap downloads the tool package");
    static final ConfigKey TOOL_SHA256 = ConfigKey.plain("tool.sha256", "the SHA-256 the tool package must have");
    static final ConfigKey TOOL_FILE = ConfigKey.plain("tool.package-file",
            "a local tool package uploaded into the container (no internet needed)");

    static final ConfigKey FOLLOW = ConfigKey.plain("replicate.follow",
            "how long replicate follows the pipeline run it triggered (30s, 30m, PT1H), or no", "30m");

    static final ConfigKey REPLICATED_PROXMOX_URL = ConfigKey.plain("replicate.proxmox-url",
            "the Proxmox VE API as the containers reach it, for the pipeline replicated into them (default: proxmox.url)");

    static final List<ConfigKey> ALL = List.of(CI_PUBLIC_KEY, PROJECT, REPOSITORY, ORGANISATION, MAX_DEPTH, DEPTH, SELF,
            SHARE_PASSWORD, TOOL_VERSION, TOOL_URL, TOOL_SHA256, TOOL_FILE, FOLLOW, REPLICATED_PROXMOX_URL);

    private HostKeys() {
    }
}
