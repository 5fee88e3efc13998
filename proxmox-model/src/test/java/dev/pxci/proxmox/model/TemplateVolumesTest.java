package dev.pxci.proxmox.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pxci.ports.ErrorCode;
import dev.pxci.ports.PxciException;
import java.util.List;
import org.junit.jupiter.api.Test;

class TemplateVolumesTest {
    private static final String VOLID = "local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst";

    @Test
    void aFileNameResolvesToTheNodesVolumeAndAVolumeIdToItselfUnlisted() {
        assertThat(TemplateVolumes.resolve("pve", "debian-12-standard_12.7-1_amd64.tar.zst", () -> List.of("local:iso/x", VOLID)))
                .isEqualTo(VOLID);
        assertThat(TemplateVolumes.resolve("pve", VOLID, () -> {
            throw new AssertionError("a volume id needs no listing");
        })).isEqualTo(VOLID);
    }

    @Test
    void aTemplateTheNodeLacksIsNotFoundWithThePveamDownload() {
        assertThatThrownBy(() -> TemplateVolumes.resolve("pve", "alpine.tar.xz", () -> List.of(VOLID)))
                .isInstanceOfSatisfying(PxciException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND);
                    assertThat(e.getMessage()).contains("not on node pve", VOLID);
                    assertThat(e.hint()).get().asString().contains("pveam download local alpine.tar.xz");
                });
    }
}
