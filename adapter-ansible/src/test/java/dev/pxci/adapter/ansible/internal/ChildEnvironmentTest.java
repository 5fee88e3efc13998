package dev.pxci.adapter.ansible.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pxci.ports.Secret;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChildEnvironmentTest {
    private static final Path RUN = Path.of("/tmp/pxci-ansible-run");

    @Test
    void dropsPxciVariablesAndAnyVariableHoldingASecret() {
        Map<String, String> env = ChildEnvironment.build(
                Map.of("PATH", "/usr/bin", "PXCI_PROXMOX_SECRET", "abc", "PXCI_PROXMOX_URL", "https://pve:8006",
                        "SOME_TOKEN", "prefix-top-secret-suffix", "HOME", "/root", "LANG", "en_US.UTF-8"),
                List.of(Secret.of("top-secret")), RUN, false, Map.of());

        assertThat(env).containsEntry("PATH", "/usr/bin").containsEntry("HOME", "/root")
                .doesNotContainKeys("PXCI_PROXMOX_SECRET", "PXCI_PROXMOX_URL", "SOME_TOKEN", "LC_ALL");
        assertThat(env.values()).noneMatch(v -> v.contains("top-secret"));
    }

    @Test
    void selectsTheJsonLinesCallbackWithHostKeyCheckingOnAndTemporaryFilesInTheRunDirectory() {
        Map<String, String> env = ChildEnvironment.build(Map.of("ANSIBLE_HOST_KEY_CHECKING", "False",
                "ANSIBLE_STDOUT_CALLBACK", "yaml"), List.of(), RUN, true, Map.of());

        assertThat(env).containsEntry("ANSIBLE_STDOUT_CALLBACK", "ansible.posix.jsonl")
                .containsEntry("ANSIBLE_HOST_KEY_CHECKING", "True")
                .containsEntry("ANSIBLE_NOCOLOR", "1")
                .containsEntry("ANSIBLE_LOCAL_TEMP", "/tmp/pxci-ansible-run/tmp")
                .containsEntry("ANSIBLE_REMOTE_TEMP", "/tmp/pxci-ansible-run/remote");
    }

    @Test
    void remoteTemporaryFilesStayAtAnsiblesDefaultForRemoteHosts() {
        Map<String, String> env = ChildEnvironment.build(Map.of(), List.of(), RUN, false, Map.of());

        assertThat(env).doesNotContainKey("ANSIBLE_REMOTE_TEMP");
    }

    @Test
    void forcesAUtf8LocaleWhenTheEffectiveOneIsNot() {
        assertThat(ChildEnvironment.build(Map.of("LC_ALL", "C", "LANG", "en_US.UTF-8"), List.of(), RUN, false, Map.of()))
                .containsEntry("LC_ALL", "C.UTF-8");
        assertThat(ChildEnvironment.build(Map.of("LANG", "de_DE.utf8"), List.of(), RUN, false, Map.of()))
                .doesNotContainKey("LC_ALL");
        assertThat(ChildEnvironment.build(Map.of(), List.of(), RUN, false, Map.of())).containsEntry("LC_ALL", "C.UTF-8");
    }
}
