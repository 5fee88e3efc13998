package dev.pxci.adapter.gitea;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pxci.ports.Change;
import dev.pxci.ports.ErrorCode;
import dev.pxci.ports.PxciException;
import dev.pxci.ports.Secret;
import dev.pxci.ports.forge.CommitAuthor;
import dev.pxci.ports.forge.Forge;
import dev.pxci.ports.forge.PushRequest;
import dev.pxci.ports.forge.PushResult;
import dev.pxci.ports.forge.RepositoryRef;
import dev.pxci.ports.spi.AdapterConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.eclipse.jgit.revwalk.RevWalk;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pushes over SSH through JGit's Apache MINA transport to a real SSH server on loopback. */
class GiteaForgeSshPushTest {
    @TempDir
    Path work;
    private GitOverSshServer server;
    private Path tree;
    private Path key;

    @BeforeEach
    void start() throws Exception {
        server = new GitOverSshServer(work.resolve("bare.git"));
        key = work.resolve("id_ecdsa");
        server.writeClientKey(key);
        tree = work.resolve("tree");
        Files.createDirectories(tree);
        Files.writeString(tree.resolve("README.md"), "over ssh\n");
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    private Forge forge(String knownHostsLine) throws Exception {
        Path knownHosts = work.resolve("known_hosts");
        Files.writeString(knownHosts, knownHostsLine);
        return new GiteaForgeFactory().create(new AdapterConfig(Map.of(
                "gitea.url", "http://127.0.0.1:9", "gitea.ssh-url", "ssh://git@127.0.0.1:" + server.port(),
                "gitea.ssh-key", key.toString(), "gitea.ssh-known-hosts", knownHosts.toString(), "gitea.timeout", "10s"),
                Map.of("gitea.token", Secret.of("unused-over-ssh"))));
    }

    private static PushRequest request(Path tree) {
        return new PushRequest(tree, new RepositoryRef("infra", "pxci"), "main", "over ssh",
                new CommitAuthor("Pat", "pat@example.org"), false);
    }

    @Test
    void aPushOverSshWithAKnownHostKeyLands() throws Exception {
        try (Forge forge = forge(server.knownHostsLine(server.hostKey))) {
            PushResult result = forge.push(request(tree));
            assertThat(result.change()).isEqualTo(Change.CREATED);
            var head = server.bare.exactRef("refs/heads/main");
            assertThat(head.getObjectId().name()).isEqualTo(result.commitId());
            try (RevWalk walk = new RevWalk(server.bare)) {
                assertThat(walk.parseCommit(head.getObjectId()).getTree().name()).isEqualTo(result.treeId());
            }
            assertThat(forge.push(request(tree)).change()).isEqualTo(Change.UNCHANGED);
        }
    }

    @Test
    void anUnknownHostKeyFailsThePushAndNothingLands() throws Exception {
        try (Forge forge = forge(server.knownHostsLine(GitOverSshServer.newKey()))) {
            assertThatThrownBy(() -> forge.push(request(tree))).isInstanceOfSatisfying(PxciException.class, e -> {
                assertThat(e.code()).as(e.getMessage()).isEqualTo(ErrorCode.FAILED);
                assertThat(e.hint()).hasValueSatisfying(h -> assertThat(h).contains("gitea.ssh-known-hosts"));
            });
        }
        assertThat(server.bare.exactRef("refs/heads/main")).isNull();
    }
}
