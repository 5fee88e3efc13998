package dev.pxci.domain.config;

import dev.pxci.ports.ErrorCode;
import dev.pxci.ports.PxciException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A set of declared containers, handled together. Ids and hostnames are unique within it. */
public record Deployment(List<ContainerDeclaration> containers) {
    public Deployment {
        containers = List.copyOf(containers);
        Map<Integer, String> ids = new HashMap<>();
        Map<String, String> names = new HashMap<>();
        for (ContainerDeclaration c : containers) {
            String previous = ids.putIfAbsent(c.spec().vmid(), c.source());
            if (previous != null) {
                throw new PxciException(ErrorCode.INVALID_INPUT, c.source() + ": ID " + c.spec().vmid()
                        + " is also declared in " + previous, "give each container its own ID");
            }
            String host = names.putIfAbsent(c.spec().config().hostname(), c.source());
            if (host != null) {
                throw new PxciException(ErrorCode.INVALID_INPUT, c.source() + ": HOSTNAME "
                        + c.spec().config().hostname() + " is also declared in " + host,
                        "give each container its own HOSTNAME");
            }
        }
    }

    public static Deployment of(ContainerDeclaration... containers) {
        return new Deployment(List.of(containers));
    }
}
