package dev.pxci.adapter.proxmox.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pxci.ports.ErrorCode;
import dev.pxci.ports.PxciException;
import org.junit.jupiter.api.Test;

class UpidTest {

    @Test
    void partsAreReadFromAUserTask() {
        Upid upid = Upid.parse("UPID:pve2:003E968C:016E6414:63AD7D74:vzclone:999:root@pam:");
        assertThat(upid.node()).isEqualTo("pve2");
        assertThat(upid.pid()).isEqualTo(0x003E968CL);
        assertThat(upid.pstart()).isEqualTo(0x016E6414L);
        assertThat(upid.startTime()).isEqualTo(0x63AD7D74L);
        assertThat(upid.type()).isEqualTo("vzclone");
        assertThat(upid.id()).isEqualTo("999");
        assertThat(upid.user()).isEqualTo("root@pam");
        assertThat(upid.tokenId()).isEmpty();
    }

    @Test
    void tokenTasksCarryTheTokenAndLongUptimesANineDigitStart() {
        Upid upid = Upid.parse("UPID:proxmox2:000D7AA2:108D5A17C:63DF62A5:vzclone:200:root@pam!api_token:");
        assertThat(upid.user()).isEqualTo("root@pam");
        assertThat(upid.tokenId()).contains("api_token");
        assertThat(upid.pstart()).isEqualTo(0x108D5A17CL);
    }

    @Test
    void tasksWithoutAnIdAreAccepted() {
        assertThat(Upid.parse("UPID:pve:00001234:00005678:65A1B2C3:aptupdate::root@pam:").id()).isEmpty();
    }

    @Test
    void anythingElseIsAFailureSayingWhatCame() {
        for (String bad : new String[] {"", "UPID:pve:1:2:3:vzstart:1:root@pam", "OK", "UPID:pve:0000123G:00005678:65A1B2C3:x:1:u:",
                " UPID:pve:00001234:00005678:65A1B2C3:vzstart:1:root@pam:", "UPID:pve:00001234:00005678:65A1B2C3:vzstart:1:root@pam:\n",
                "UPID:pve:00001234:00005678:65A1B2C3:vzstart:1:root@pam: "}) {
            assertThatThrownBy(() -> Upid.parse(bad))
                    .isInstanceOfSatisfying(PxciException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.FAILED);
                        assertThat(e.getMessage()).contains("'" + bad + "'");
                    });
        }
    }
}
