package dev.pxci.domain.config;

import dev.pxci.ports.platform.ContainerSpec;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One declared container: where it came from, its spec, its shares, and whether it may be
 * replaced when a create-only setting changes.
 *
 * @param source the file that declared it
 * @param spec what the platform must make
 * @param shares the shares, in mount-point order
 * @param replaceAllowed {@code TERMINATE=yes}: destroy and re-create when a setting cannot change in place
 * @param address the static IPv4 address (without prefix) to reach it at, when not DHCP
 * @param templateDownload {@code TEMPLATE_DOWNLOAD=yes}: a template the node lacks is downloaded
 *     from its appliance index
 * @param adopt {@code ADOPT=yes}: a container with this id that pxci did not create may be managed
 */
public record ContainerDeclaration(
        String source, ContainerSpec spec, List<Share> shares, boolean replaceAllowed, Optional<String> address,
        boolean templateDownload, boolean adopt) {
    public ContainerDeclaration {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(spec, "spec");
        shares = List.copyOf(shares);
        Objects.requireNonNull(address, "address");
    }

    /** How the container is named in reports: {@code 254 git}. */
    public String label() {
        return spec.vmid() + " " + spec.config().hostname();
    }
}
