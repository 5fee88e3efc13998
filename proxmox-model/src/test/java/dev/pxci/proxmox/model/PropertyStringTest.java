package dev.pxci.proxmox.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PropertyStringTest {

    @Test
    void bareFirstPartIsTheDefaultKey() {
        PropertyString mp = PropertyString.parse("local-lvm:vm-254-disk-1,mp=/share,backup=1,size=32G", "volume");
        assertThat(mp.asMap()).containsExactlyInAnyOrderEntriesOf(Map.of("volume", "local-lvm:vm-254-disk-1",
                "mp", "/share", "backup", "1", "size", "32G"));
        assertThat(mp.encode("volume")).isEqualTo("local-lvm:vm-254-disk-1,mp=/share,backup=1,size=32G");
    }

    @Test
    void explicitDefaultKeyIsReadTheSame() {
        assertThat(PropertyString.parse("order=2,up=30", "order")).isEqualTo(PropertyString.parse("2,up=30", "order"));
    }

    @Test
    void innerListsStayWhole() {
        PropertyString features = PropertyString.parse("nesting=1,keyctl=1,mount=nfs;cifs", null);
        assertThat(features.get("mount")).contains("nfs;cifs");
        assertThat(features.flag("nesting", false)).isTrue();
        assertThat(features.flag("fuse", false)).isFalse();
    }

    @Test
    void changesKeepTheOrderAndAppendNewKeys() {
        PropertyString net = PropertyString.parse("name=eth0,bridge=vmbr0,firewall=1,hwaddr=BC:24:11:00:00:01,type=veth", null);
        assertThat(net.with("firewall", null).with("bridge", "vmbr1").with("tag", "20").encode(null))
                .isEqualTo("name=eth0,bridge=vmbr1,hwaddr=BC:24:11:00:00:01,type=veth,tag=20");
    }

    @Test
    void emptyAndBlankPartsAreIgnored() {
        assertThat(PropertyString.parse("", null).isEmpty()).isTrue();
        assertThat(PropertyString.parse(" a=1 ,, b=2 ", null).asMap()).containsExactlyInAnyOrderEntriesOf(Map.of("a", "1", "b", "2"));
    }
}
