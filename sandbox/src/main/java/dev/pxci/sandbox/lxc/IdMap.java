package dev.pxci.sandbox.lxc;

import dev.pxci.sandbox.pve.ContainerRuntime;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * The id map of unprivileged containers, as Proxmox VE sets it up: container ids 0-65535 are host
 * ids 100000-165535, which {@code /etc/subuid} and {@code /etc/subgid} grant to root.
 */
final class IdMap {

    static final int OFFSET = 100_000;
    static final int SIZE = 65_536;
    static final String ENTRY = "root:" + OFFSET + ":" + SIZE;

    private IdMap() {
    }

    /** The {@code lxc.idmap} lines of an unprivileged container. */
    static List<String> lxcLines() {
        return List.of("lxc.idmap = u 0 " + OFFSET + " " + SIZE, "lxc.idmap = g 0 " + OFFSET + " " + SIZE);
    }

    /** Adds {@value #ENTRY} to {@code /etc/subuid} and {@code /etc/subgid} where it is missing. */
    static void grant(Path etc) {
        for (String name : List.of("subuid", "subgid")) {
            Path file = etc.resolve(name);
            try {
                List<String> lines = Files.exists(file) ? Files.readAllLines(file) : List.of();
                if (lines.stream().noneMatch(line -> line.strip().equals(ENTRY))) {
                    Files.writeString(file, ENTRY + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                }
            } catch (IOException e) {
                throw new ContainerRuntime.Failure("cannot add " + ENTRY + " to " + file + ": " + e.getMessage(), e);
            }
        }
    }
}
