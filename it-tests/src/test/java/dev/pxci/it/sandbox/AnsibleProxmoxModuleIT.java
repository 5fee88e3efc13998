package dev.pxci.it.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pxci.sandbox.pve.PveSimulator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real {@code ansible-playbook} with Debian's {@code community.general.proxmox} module (6.x:
 * no {@code api_port}, so the port travels in {@code api_host}) drives the sandbox through a
 * container's life over verified TLS, with an API token.
 */
class AnsibleProxmoxModuleIT {

    private static final String PLAYBOOK = """
            - hosts: localhost
              gather_facts: false
              connection: local
              vars:
                pve: &pve
                  api_host: "127.0.0.1:{{ lookup('env', 'PXCI_PVE_PORT') }}"
                  api_user: root@pam
                  api_token_id: pxci
                  api_token_secret: "{{ lookup('env', 'PXCI_PVE_TOKEN_SECRET') }}"
                  validate_certs: true
                  node: pve
                  vmid: 300
                spec: &spec
                  hostname: ansible-ct
                  ostemplate: "local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst"
                  disk: "local-lvm:8"
                  storage: local-lvm
                  cores: 1
                  memory: 512
                  netif: '{"net0":"name=eth0,bridge=vmbr0,ip=dhcp"}'
                  unprivileged: true
              tasks:
                - name: create
                  community.general.proxmox: {<<: [*pve, *spec], state: present}
                  register: created
                - name: create again
                  community.general.proxmox: {<<: [*pve, *spec], state: present}
                  register: again
                - name: start
                  community.general.proxmox: {<<: *pve, state: started, unprivileged: true}
                  register: started
                - name: stop
                  community.general.proxmox: {<<: *pve, state: stopped, unprivileged: true}
                  register: stopped
                - name: remove
                  community.general.proxmox: {<<: *pve, state: absent, unprivileged: true}
                  register: removed
                - name: outcomes
                  assert:
                    that:
                      - created is changed
                      - again is not changed
                      - started is changed
                      - stopped is changed
                      - removed is changed
            """;

    @TempDir
    Path work;

    @Test
    void playbookCreatesStartsStopsAndRemovesAContainerIdempotently() throws IOException {
        Path ansiblePlaybook = ExternalTool.requireExecutable("ansible-playbook", "ansible");
        ExternalTool.requirePythonModule("proxmoxer", "python3-proxmoxer");
        try (PveSimulator sim = PveSimulator.builder().start()) {
            Path caBundle = Files.writeString(work.resolve("pve-ca.pem"), sim.certificatePem());
            Path playbook = Files.writeString(work.resolve("lifecycle.yml"), PLAYBOOK);
            Map<String, String> environment = Map.of(
                    "PXCI_PVE_PORT", Integer.toString(sim.port()),
                    "PXCI_PVE_TOKEN_SECRET", sim.tokenSecret(),
                    "REQUESTS_CA_BUNDLE", caBundle.toString(),
                    "ANSIBLE_LOCALHOST_WARNING", "false",
                    "ANSIBLE_INVENTORY_UNPARSED_WARNING", "false",
                    "ANSIBLE_NOCOLOR", "1",
                    "ANSIBLE_LOCAL_TEMP", work.resolve("ansible-tmp").toString(),
                    "ANSIBLE_HOME", work.resolve("ansible-home").toString());

            ExternalTool.Result result = ExternalTool.run(List.of(ansiblePlaybook.toString(), "-i", "localhost,",
                    "-e", "ansible_python_interpreter=" + ExternalTool.debianPython(), playbook.toString()),
                    environment, work, Duration.ofMinutes(3));

            assertThat(result.exitCode()).as("ansible-playbook output:\n%s", result.output()).isZero();
            assertThat(result.output()).contains("changed=4").contains("failed=0");
            assertThat(result.output()).doesNotContain(sim.tokenSecret());
            assertThat(sim.requestCounts()).containsKeys("GET", "POST", "DELETE");
            assertThat(sim.requestCounts()).doesNotContainKey("PUT");
        }
    }
}
