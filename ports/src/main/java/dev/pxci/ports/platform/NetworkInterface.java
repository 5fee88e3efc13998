package dev.pxci.ports.platform;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A network interface in slot {@code net<slot>}. The MAC address is not part of the desired
 * state: the platform generates it and it is ignored when comparing.
 *
 * @param slot the interface index, 0..31
 * @param name the interface name inside the container ({@code eth0})
 * @param bridge the host bridge ({@code vmbr0})
 * @param ipv4 {@code a.b.c.d/prefix}, {@code dhcp} or {@code manual}
 * @param gateway IPv4 gateway, when the address is static
 * @param vlan VLAN tag (1..4094), when tagged
 * @param firewall whether the host firewall filters this interface
 */
public record NetworkInterface(
        int slot, String name, String bridge, String ipv4, Optional<String> gateway, OptionalInt vlan, boolean firewall) {
    public NetworkInterface {
        if (slot < 0 || slot > 31) {
            throw new IllegalArgumentException("network slot must be between 0 and 31, was " + slot);
        }
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(bridge, "bridge");
        Objects.requireNonNull(ipv4, "ipv4");
        Objects.requireNonNull(gateway, "gateway");
        Objects.requireNonNull(vlan, "vlan");
        vlan.ifPresent(tag -> {
            if (tag < 1 || tag > 4094) {
                throw new IllegalArgumentException("VLAN tag must be between 1 and 4094, was " + tag);
            }
        });
    }
}
