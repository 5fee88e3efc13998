package dev.pxci.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The same N containers declared for both tools: a pxci deployment directory (a
 * {@code defaults.env} and one {@code .env} per container) and an Ansible inventory with a
 * playbook that runs {@code community.general.proxmox} twice per host (present, then started).
 * Both ask for the same spec: 1 core, 512 MiB, 512 MiB swap, an 8 GiB root disk on
 * {@code local-lvm}, eth0 on {@code vmbr0} by DHCP, unprivileged with nesting, tag {@code pxci}.
 */
final class Declarations {
    /** The first container id; container i (from 0) has id {@code FIRST_ID + i} and host name {@code ct<id>}. */
    static final int FIRST_ID = 2000;
    static final String TEMPLATE = "local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst";

    static final String DEFAULTS = """
            # shared by every container of the benchmark
            NODE=pve
            TEMPLATE=%s
            IP=dhcp
            CORES=1
            MEMORY=512
            SWAP=512
            DISK=local-lvm:8
            BRIDGE=vmbr0
            UNPRIVILEGED=yes
            FEATURES=nesting
            TAGS=pxci
            BOOT=no
            """.formatted(TEMPLATE);

    static final String PLAYBOOK = """
            # The benchmark's peer: Ansible's proxmox module, one host per container, forks as pxci's parallelism.
            - hosts: containers
              gather_facts: false
              vars:
                pve: &pve
                  api_host: "127.0.0.1:{{ lookup('env', 'PXCI_PVE_PORT') }}"
                  api_user: root@pam
                  api_token_id: "{{ lookup('env', 'PXCI_PVE_TOKEN_ID') }}"
                  api_token_secret: "{{ lookup('env', 'PXCI_PVE_TOKEN_SECRET') }}"
                  validate_certs: true
                  node: pve
                  vmid: "{{ vmid }}"
                  unprivileged: true
              tasks:
                - name: the container exists
                  community.general.proxmox:
                    <<: *pve
                    state: present
                    hostname: "{{ inventory_hostname }}"
                    ostemplate: "%s"
                    cores: 1
                    memory: 512
                    swap: 512
                    disk: "local-lvm:8"
                    storage: local-lvm
                    netif: '{"net0":"name=eth0,bridge=vmbr0,ip=dhcp"}'
                    features: [nesting=1]
                    tags: [pxci]
                    onboot: false
                - name: the container runs
                  community.general.proxmox:
                    <<: *pve
                    state: started
            """.formatted(TEMPLATE);

    private Declarations() {
    }

    /** Writes {@code defaults.env} and {@code ct<id>.env} for {@code n} containers into a new directory {@code dir}. */
    static Path pxciDeployment(Path dir, int n) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("defaults.env"), DEFAULTS);
        for (int i = 0; i < n; i++) {
            int id = FIRST_ID + i;
            Files.writeString(dir.resolve("ct" + id + ".env"), "ID=" + id + "\nHOSTNAME=ct" + id + "\n");
        }
        return dir;
    }

    /** Writes {@code inventory.ini} (local connection, Debian's python) for {@code n} containers into {@code dir}. */
    static Path ansibleInventory(Path dir, int n) throws IOException {
        Files.createDirectories(dir);
        StringBuilder out = new StringBuilder("[containers]\n");
        for (int i = 0; i < n; i++) {
            int id = FIRST_ID + i;
            out.append("ct").append(id).append(" vmid=").append(id).append('\n');
        }
        out.append("\n[containers:vars]\nansible_connection=local\nansible_python_interpreter=/usr/bin/python3\n");
        return Files.writeString(dir.resolve("inventory.ini"), out);
    }

    /** Writes the playbook into {@code dir}. */
    static Path ansiblePlaybook(Path dir) throws IOException {
        Files.createDirectories(dir);
        return Files.writeString(dir.resolve("containers.yml"), PLAYBOOK);
    }
}
