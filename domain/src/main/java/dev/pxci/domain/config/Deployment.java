package dev.pxci.domain.config;

import dev.pxci.ports.ErrorCode;
import dev.pxci.ports.PxciException;
import java.util.HashMap;
import dev.pxci.ports.platform.NetworkInterface;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A set of declared containers, handled together. Ids, host names (in any case) and static
 * addresses are unique within it.
 */
public record Deployment(List<ContainerDeclaration> containers) {
    public Deployment {
        containers = List.copyOf(containers);
        Map<Integer, String> ids = new HashMap<>();
        Map<String, String> names = new HashMap<>();
        Map<String, String> addresses = new HashMap<>();
        for (ContainerDeclaration c : containers) {
            String previous = ids.putIfAbsent(c.spec().vmid(), c.source());
            if (previous != null) {
                throw new PxciException(ErrorCode.INVALID_INPUT, c.source() + ": ID " + c.spec().vmid()
                        + " is also declared in " + previous, "give each container its own ID");
            }
            String host = names.putIfAbsent(c.spec().config().hostname().toLowerCase(Locale.ROOT), c.source());
            if (host != null) {
                throw new PxciException(ErrorCode.INVALID_INPUT, c.source() + ": HOSTNAME "
                        + c.spec().config().hostname() + " is also declared in " + host,
                        "give each container its own HOSTNAME (host names do not differ by case)");
            }
            for (NetworkInterface n : c.spec().config().networks()) {
                if (!n.ipv4().isEmpty() && Character.isDigit(n.ipv4().charAt(0))) { // dhcp and manual are no address
                    String address = n.ipv4().split("/", 2)[0];
                    String other = addresses.putIfAbsent(address, c.source());
                    if (other != null) {
                        throw new PxciException(ErrorCode.INVALID_INPUT, c.source() + ": IP " + address
                                + " is also declared in " + other, "give each container its own address");
                    }
                }
            }
        }
    }

    public static Deployment of(ContainerDeclaration... containers) {
        return new Deployment(List.of(containers));
    }
}
