package dev.pxci.adapter.proxmox.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pxci.ports.ErrorCode;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ErrorClassifierTest {

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
        "500|Configuration file 'nodes/pve/lxc/101.conf' does not exist|NOT_FOUND",
        "500|unable to create CT 101 - CT 101 already exists on node 'pve'|CONFLICT",
        "500|CT is locked (disk)|LOCKED",
        "500|CT is locked (create)|LOCKED",
        "500|can't lock file '/run/lock/lxc/pve-config-101.lock' - got timeout|LOCKED",
        "500|can't lock file '/var/lock/pve-manager/pve-storage-local-lvm' - got timeout|LOCKED",
        "500|detected modified configuration - file changed by other user? Try again.|CONFLICT",
        "500|unable to modify read-only option: 'unprivileged'|INVALID_INPUT",
        "500|can't remove CT 101 - protection mode enabled|FAILED",
        "500|unable to destroy CT 101 - container is running|FAILED",
        "500|CT 101 already running|FAILED",
        "500|got no worker upid - start worker failed|TRANSIENT",
        "500|Internal Server Error|FAILED",
        "500|no such resource 'ct:334'|NOT_FOUND",
        "500|Full clone of a running container is only possible from a snapshot|FAILED",
        "500|unable to create CT 101 - can't lock file '/run/lock/lxc/pve-config-101.lock' - got timeout|LOCKED",
        "502|Bad Gateway|TRANSIENT",
        "595|Errors during connection establishment, proxy handshake: Connection refused|TRANSIENT",
        "596|Broken pipe|TRANSIENT",
        "599|Too many redirections|TRANSIENT",
        "400|Parameter verification failed.|INVALID_INPUT",
        "401|permission denied - invalid PVE ticket|UNAUTHORIZED",
        "403|Permission check failed (/vms/101, VM.Allocate)|FORBIDDEN",
        "403|changing feature flags (except nesting) is only allowed for root@pam|FORBIDDEN",
        "404|Not Found|NOT_FOUND",
        "501|Method 'POST /nodes/pve/lxc/101/exec' not implemented|UNSUPPORTED"})
    void statusAndTextDecideTheCode(int status, String text, ErrorCode expected) {
        ApiError error = ErrorClassifier.classify("POST /nodes/pve/lxc/101/status/start", "/nodes/pve/lxc/101/status/start",
                Optional.empty(), status, text, Map.of(), "root@pam!ci", true, UnaryOperator.identity());
        assertThat(error.code()).isEqualTo(expected);
        assertThat(error.getMessage()).contains(Integer.toString(status)).contains(text);
    }

    @org.junit.jupiter.api.Test
    void alreadyExistsInTheErrorsMapOfNextidIsAConflict() {
        ApiError error = ErrorClassifier.classify("GET /cluster/nextid", "/cluster/nextid", Optional.empty(), 400,
                "Parameter verification failed.", Map.of("vmid", "VM 123 already exists"), "root@pam!ci", true,
                UnaryOperator.identity());
        assertThat(error.code()).isEqualTo(ErrorCode.CONFLICT);
        assertThat(error.fieldErrors()).containsEntry("vmid", "VM 123 already exists");
        assertThat(error.getMessage()).contains("vmid: VM 123 already exists");
    }

    @org.junit.jupiter.api.Test
    void proxyErrorHintNamesTheUnreachableNodeOfAnyNodePath() {
        ApiError error = ErrorClassifier.classify("GET /nodes/pve3/storage", "/nodes/pve3/storage", Optional.empty(), 595,
                "Errors during connection establishment, proxy handshake: No route to host", Map.of(), "root@pam!ci", true,
                UnaryOperator.identity());
        assertThat(error.hint()).get().asString().contains("node pve3").doesNotContain("/nodes/pve3/storage");
    }

    @org.junit.jupiter.api.Test
    void rejectedTokenIsNamedByItsIdNeverItsSecret() {
        ApiError error = ErrorClassifier.classify("GET /version", "/version", Optional.empty(), 401, "authentication failure",
                Map.of(), "ci@pve!deploy", true, text -> text.replace("s3cr3t", "***"));
        assertThat(error.getMessage()).contains("API token ci@pve!deploy");
        assertThat(error.hint()).get().asString().contains("ci@pve!deploy").contains("pveum user token list ci@pve");
    }

    @org.junit.jupiter.api.Test
    void lockOnACreateNamesTheContainerFromTheForm() {
        ApiError error = ErrorClassifier.classify("POST /nodes/pve/lxc", "/nodes/pve/lxc", Optional.of("205"), 500,
                "CT is locked (create)", Map.of(), "root@pam", false, UnaryOperator.identity());
        assertThat(error.hint()).get().asString().contains("pct unlock 205").contains("node pve");
    }

    @org.junit.jupiter.api.Test
    void permissionCheckHintNamesTheIdentityAndRootOnlyLimitsNameTheTicket() {
        ApiError acl = ErrorClassifier.classify("GET /nodes", "/nodes", Optional.empty(), 403,
                "Permission check failed (/, Sys.Audit)", Map.of(), "ci@pve!bot", true, UnaryOperator.identity());
        assertThat(acl.hint()).get().asString().contains("ci@pve!bot");
        ApiError root = ErrorClassifier.classify("PUT /nodes/pve/lxc/101/config", "/nodes/pve/lxc/101/config",
                Optional.empty(), 403, "changing feature flags for privileged container is only allowed for root@pam",
                Map.of(), "root@pam!ci", true, UnaryOperator.identity());
        assertThat(root.hint()).get().asString().contains("root@pam ticket");
    }
}
