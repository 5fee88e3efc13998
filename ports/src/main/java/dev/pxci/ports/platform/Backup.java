package dev.pxci.ports.platform;

import java.util.Objects;

/**
 * A backup of one container, taken by {@link ContainerPlatform#backup} and brought back by
 * {@link ContainerPlatform#restore}.
 *
 * @param container the container as it was backed up
 * @param id the platform's name for the backup (a volume id such as
 *     {@code local:backup/vzdump-lxc-101-2026_01_02-03_04_05.tar.zst})
 * @param outcome the backup operation itself
 */
public record Backup(ContainerRef container, String id, TaskOutcome outcome) {
    public Backup {
        Objects.requireNonNull(container, "container");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(outcome, "outcome");
    }
}
