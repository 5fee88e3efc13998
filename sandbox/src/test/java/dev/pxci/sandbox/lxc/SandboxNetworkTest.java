package dev.pxci.sandbox.lxc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SandboxNetworkTest {

    @ParameterizedTest
    @ValueSource(strings = {"10.99.0.2", "10.99.0.11/24", "10.99.0.254/24"})
    void containerAddressesOfTheSubnetAreAccepted(String address) {
        assertThat(SandboxNetwork.refusal(address)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.99.0.1/24", "10.99.0.0", "10.99.0.255/24", "10.99.1.5/24", "192.168.1.10/24",
        "10.99.0.10/16"})
    void otherAddressesAreRefusedNamingTheSubnetAndTheBridge(String address) {
        assertThat(SandboxNetwork.refusal(address)).hasValueSatisfying(reason -> assertThat(reason)
                .contains(address).contains("10.99.0.0/24").contains("pxcibr0"));
    }

    @Test
    void dhcpIsRefusedBecauseNothingOnTheBridgeHandsOutAddresses() {
        assertThat(SandboxNetwork.refusal("dhcp")).hasValueSatisfying(reason -> assertThat(reason)
                .contains("not a static address").contains("10.99.0.0/24"));
    }

    @Test
    void theMacFollowsTheAddressSoARestartKeepsIt() {
        assertThat(SandboxNetwork.macFor("10.99.0.11/24")).hasValue("BC:24:11:63:00:0B");
        assertThat(SandboxNetwork.macFor("10.99.0.254")).hasValue("BC:24:11:63:00:FE");
        assertThat(SandboxNetwork.macFor("dhcp")).isEmpty();
    }
}
