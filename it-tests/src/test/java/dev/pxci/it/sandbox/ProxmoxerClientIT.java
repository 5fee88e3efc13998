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
 * Debian's proxmoxer, unmodified, against the sandbox over verified TLS: with the API token and
 * with a password ticket (cookie and CSRF token), it allocates an id, creates a container, polls
 * the task, updates the config with its digest (a stale digest is refused), and deletes it; it
 * downloads a template from the node's index and moves a volume from one container to another.
 */
class ProxmoxerClientIT {

    private static final String SCRIPT = """
            import os, sys, time
            from proxmoxer import ProxmoxAPI
            from proxmoxer.core import ResourceException

            host = '127.0.0.1:' + os.environ['PXCI_PVE_PORT']

            def wait(api, upid):
                node = upid.split(':')[1]
                deadline = time.monotonic() + 30
                while time.monotonic() < deadline:
                    status = api.nodes(node).tasks(upid).status.get()
                    if status['status'] == 'stopped':
                        return status
                    time.sleep(0.05)
                sys.exit('task did not stop: ' + upid)

            def lifecycle(api, label):
                vmid = int(api.cluster.nextid.get())
                upid = api.nodes('pve').lxc.create(
                    vmid=vmid, hostname='px%d' % vmid, unprivileged=1,
                    ostemplate='local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst',
                    rootfs='local-lvm:8', net0='name=eth0,bridge=vmbr0,ip=dhcp')
                created = wait(api, upid)
                assert created['exitstatus'] == 'OK', created
                config = api.nodes('pve').lxc(vmid).config.get()
                assert config['rootfs'] == 'local-lvm:vm-%d-disk-0,size=8G' % vmid, config
                api.nodes('pve').lxc(vmid).config.put(memory=1024, digest=config['digest'])
                assert api.nodes('pve').lxc(vmid).config.get()['memory'] == 1024
                try:
                    api.nodes('pve').lxc(vmid).config.put(memory=2048, digest=config['digest'])
                    sys.exit('a stale digest was accepted')
                except ResourceException as e:
                    assert e.status_code == 500, e
                    assert 'detected modified configuration' in str(e), e
                upid = api.nodes('pve').lxc(vmid).delete(purge=1, force=1)
                removed = wait(api, upid)
                assert removed['exitstatus'] == 'OK', removed
                try:
                    api.nodes('pve').lxc(vmid).status.current.get()
                    sys.exit('container still exists')
                except ResourceException as e:
                    assert 'does not exist' in str(e), e
                print('%s: container %d created, updated and deleted by %s' % (label, vmid, created['user']))

            lifecycle(ProxmoxAPI(host, user='root@pam', token_name='pxci',
                                 token_value=os.environ['PXCI_PVE_TOKEN_SECRET'], verify_ssl=True), 'token')
            lifecycle(ProxmoxAPI(host, user='root@pam', password=os.environ['PXCI_PVE_PASSWORD'],
                                 verify_ssl=True), 'ticket')
            """;

    @TempDir
    Path work;

    @Test
    void proxmoxerDrivesAContainerThroughNextIdCreateTaskDigestAndDelete() throws IOException {
        ExternalTool.requirePythonModule("proxmoxer", "python3-proxmoxer");
        try (PveSimulator sim = PveSimulator.builder().start()) {
            Path caBundle = Files.writeString(work.resolve("pve-ca.pem"), sim.certificatePem());
            Path script = Files.writeString(work.resolve("lifecycle.py"), SCRIPT);

            ExternalTool.Result result = ExternalTool.run(List.of(ExternalTool.debianPython(), script.toString()),
                    Map.of("PXCI_PVE_PORT", Integer.toString(sim.port()),
                            "PXCI_PVE_TOKEN_SECRET", sim.tokenSecret(),
                            "PXCI_PVE_PASSWORD", sim.rootPassword(),
                            "REQUESTS_CA_BUNDLE", caBundle.toString()),
                    work, Duration.ofMinutes(2));

            assertThat(result.exitCode()).as("proxmoxer script output:\n%s", result.output()).isZero();
            assertThat(result.output())
                    .contains("token: container 100 created, updated and deleted by root@pam")
                    .contains("ticket: container 100 created, updated and deleted by root@pam");
        }
    }

    @Test
    void proxmoxerDownloadsATemplateFromTheIndexAndMovesAVolumeBetweenContainers() throws IOException {
        ExternalTool.requirePythonModule("proxmoxer", "python3-proxmoxer");
        try (PveSimulator sim = PveSimulator.builder().start()) {
            Path caBundle = Files.writeString(work.resolve("pve-ca.pem"), sim.certificatePem());
            Path script = Files.writeString(work.resolve("templates-and-volumes.py"), """
                    import os, sys, time
                    from proxmoxer import ProxmoxAPI

                    api = ProxmoxAPI('127.0.0.1:' + os.environ['PXCI_PVE_PORT'], user='root@pam', token_name='pxci',
                                     token_value=os.environ['PXCI_PVE_TOKEN_SECRET'], verify_ssl=True)
                    pve = api.nodes('pve')

                    def wait(upid):
                        deadline = time.monotonic() + 30
                        while time.monotonic() < deadline:
                            status = pve.tasks(upid).status.get()
                            if status['status'] == 'stopped':
                                assert status['exitstatus'] == 'OK', status
                                return
                            time.sleep(0.05)
                        sys.exit('task did not stop: ' + upid)

                    alpine = [a['template'] for a in pve.aplinfo.get() if a['template'].startswith('alpine-')][0]
                    wait(pve.aplinfo.post(storage='local', template=alpine))
                    volids = [c['volid'] for c in pve.storage('local').content.get(content='vztmpl')]
                    assert 'local:vztmpl/' + alpine in volids, volids

                    for vmid, extra in ((200, {'mp0': 'local-lvm:2,mp=/data'}), (201, {})):
                        wait(pve.lxc.create(vmid=vmid, hostname='ct%d' % vmid, ostemplate='local:vztmpl/' + alpine,
                                            rootfs='local-lvm:1', **extra))
                    wait(pve.lxc(200).move_volume.post(volume='mp0', **{'target-vmid': 201, 'target-volume': 'mp0'}))
                    assert 'mp0' not in pve.lxc(200).config.get()
                    moved = pve.lxc(201).config.get()['mp0']
                    assert moved.startswith('local-lvm:vm-201-disk-1,'), moved
                    print('downloaded %s; mp0 of 200 is now %s' % (alpine, moved))
                    """);

            ExternalTool.Result result = ExternalTool.run(List.of(ExternalTool.debianPython(), script.toString()),
                    Map.of("PXCI_PVE_PORT", Integer.toString(sim.port()), "PXCI_PVE_TOKEN_SECRET", sim.tokenSecret(),
                            "REQUESTS_CA_BUNDLE", caBundle.toString()),
                    work, Duration.ofMinutes(2));

            assertThat(result.exitCode()).as("proxmoxer script output:\n%s", result.output()).isZero();
            assertThat(result.output()).contains("downloaded alpine-", "mp0 of 200 is now local-lvm:vm-201-disk-1,mp=/data");
        }
    }

    @Test
    void proxmoxerRefusesTheSandboxWhenItDoesNotTrustTheCertificate() throws IOException {
        ExternalTool.requirePythonModule("proxmoxer", "python3-proxmoxer");
        try (PveSimulator sim = PveSimulator.builder().start()) {
            Path script = Files.writeString(work.resolve("untrusted.py"), """
                    import os
                    from proxmoxer import ProxmoxAPI
                    api = ProxmoxAPI('127.0.0.1:' + os.environ['PXCI_PVE_PORT'], user='root@pam', token_name='pxci',
                                     token_value=os.environ['PXCI_PVE_TOKEN_SECRET'], verify_ssl=True)
                    api.version.get()
                    """);

            ExternalTool.Result result = ExternalTool.run(List.of(ExternalTool.debianPython(), script.toString()),
                    Map.of("PXCI_PVE_PORT", Integer.toString(sim.port()), "PXCI_PVE_TOKEN_SECRET", sim.tokenSecret()),
                    work, Duration.ofMinutes(1));

            assertThat(result.exitCode()).isNotZero();
            assertThat(result.output()).contains("CERTIFICATE_VERIFY_FAILED");
            assertThat(sim.requestCounts()).isEmpty();
        }
    }
}
