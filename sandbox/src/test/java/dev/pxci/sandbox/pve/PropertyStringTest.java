package dev.pxci.sandbox.pve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PropertyStringTest {

    private static final Map<String, ParamSpec> CREATE =
            ApiSchema.load(new ObjectMapper()).parameters("POST", "/nodes/{node}/lxc");

    @Test
    void printsDefaultKeyThenRequiredThenOptionalKeysInOrder() throws Exception {
        Map<String, ParamSpec> mp = CREATE.get("mp[n]").properties();
        Map<String, ParamSpec> net = CREATE.get("net[n]").properties();

        assertThat(PropertyString.print(PropertyString.parse("size=32G,backup=1,mp=/share,volume=local-lvm:vm-1-disk-1", mp), mp))
                .isEqualTo("local-lvm:vm-1-disk-1,mp=/share,backup=1,size=32G");
        assertThat(PropertyString.print(PropertyString.parse("type=veth,ip=dhcp,name=eth0,bridge=vmbr0", net), net))
                .isEqualTo("name=eth0,bridge=vmbr0,ip=dhcp,type=veth");
    }

    @Test
    void duplicateKeysAreAFormatError() {
        Map<String, ParamSpec> net = CREATE.get("net[n]").properties();

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> PropertyString.parse("name=a,name=b", net))
                .isInstanceOf(PropertyString.FormatException.class)
                .hasMessage("duplicate key in comma-separated list property: name");
    }

    @Test
    void sizesReadAndPrintLikePve() {
        assertThat(Volumes.sizeBytes("8G")).isEqualTo(8L * 1024 * 1024 * 1024);
        assertThat(Volumes.sizeBytes("512M")).isEqualTo(512L * 1024 * 1024);
        assertThat(Volumes.formatGib(8)).isEqualTo("8G");
        assertThat(Volumes.formatGib(0.5)).isEqualTo("512M");
    }
}
