package dev.pxci.sandbox.lxc;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one isolated network of the LXC sandbox: bridge {@value #BRIDGE} on {@value #SUBNET}, the
 * host at {@value #HOST_ADDRESS}; no uplink, no NAT, no forwarding. The node's {@code vmbr0} is
 * this bridge.
 */
public final class SandboxNetwork {

    public static final String BRIDGE = "pxcibr0";
    public static final String SUBNET = "10.99.0.0/24";
    public static final String HOST_ADDRESS = "10.99.0.1";
    /** The bridge name containers declare, as on a fresh Proxmox VE node. */
    public static final String NODE_BRIDGE = "vmbr0";

    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})(?:/(\\d{1,2}))?");

    private SandboxNetwork() {
    }

    /**
     * Why a container cannot have this address ({@code a.b.c.d} or {@code a.b.c.d/prefix}), or
     * empty when it is a host address of the subnet other than the host's own.
     */
    public static Optional<String> refusal(String address) {
        Matcher ip = IPV4.matcher(address);
        if (!ip.matches()) {
            return Optional.of("'" + address + "' is not a static address; the LXC sandbox gives each container one of "
                    + SUBNET + " (bridge " + BRIDGE + "), from 10.99.0.2 to 10.99.0.254");
        }
        int last = Integer.parseInt(ip.group(4));
        boolean inside = ip.group(1).equals("10") && ip.group(2).equals("99") && ip.group(3).equals("0");
        if (!inside || last < 2 || last > 254 || (ip.group(5) != null && !ip.group(5).equals("24"))) {
            return Optional.of(address + " is not a container address of the LXC sandbox's subnet " + SUBNET
                    + " (bridge " + BRIDGE + ", host " + HOST_ADDRESS + "): use 10.99.0.2 to 10.99.0.254 with prefix 24");
        }
        return Optional.empty();
    }

    /** The fixed MAC of a container address: Proxmox's OUI and the address's last octet, so restarts keep it. */
    static Optional<String> macFor(String address) {
        Matcher ip = IPV4.matcher(address);
        if (!ip.matches() || refusal(address).isPresent()) {
            return Optional.empty();
        }
        return Optional.of(String.format(Locale.ROOT, "BC:24:11:63:00:%02X", Integer.parseInt(ip.group(4))));
    }
}
