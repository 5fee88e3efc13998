package dev.pxci.adapter.gitea.internal;

import dev.pxci.ports.ErrorCode;
import dev.pxci.ports.PxciException;
import dev.pxci.ports.forge.RepositoryRef;
import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.jgit.transport.SshTransport;
import org.eclipse.jgit.transport.Transport;
import org.eclipse.jgit.transport.URIish;
import org.eclipse.jgit.transport.sshd.SshdSessionFactory;
import org.eclipse.jgit.transport.sshd.SshdSessionFactoryBuilder;

/**
 * Git over SSH with JGit's Apache MINA SSHD transport: one private key, and the server's host key
 * checked against one known_hosts file (an unknown or changed key fails the push; nothing is
 * learned on first use). The user's {@code ~/.ssh/config} is not read.
 */
public final class SshGitRemote implements GitRemote {
    private final String sshUrl;
    private final SshdSessionFactory sessions;

    public SshGitRemote(String sshUrl, Path privateKey, Path knownHosts) {
        this.sshUrl = sshUrl.replaceAll("/+$", "");
        for (Path file : List.of(privateKey, knownHosts)) {
            if (!Files.isReadable(file)) {
                throw new PxciException(ErrorCode.INVALID_INPUT, "cannot read " + file + " for SSH pushes to Gitea",
                        "set gitea.ssh-key and gitea.ssh-known-hosts to readable files");
            }
        }
        File home = new File(System.getProperty("user.home"));
        this.sessions = new SshdSessionFactoryBuilder()
                .setHomeDirectory(home)
                .setSshDirectory(knownHosts.toAbsolutePath().getParent().toFile())
                .setConfigFile(ssh -> null)
                .setDefaultIdentities(ssh -> List.of(privateKey))
                .setPreferredAuthentications("publickey")
                .setServerKeyDatabase((h, s) -> new KnownHostsKeyDatabase(knownHosts))
                .build(null);
    }

    @Override
    public URIish uri(RepositoryRef repository) {
        try {
            return new URIish(sshUrl + "/" + repository.owner() + "/" + repository.name() + ".git");
        } catch (URISyntaxException e) {
            throw new PxciException(ErrorCode.INVALID_INPUT, "gitea.ssh-url '" + sshUrl + "' is not an SSH URL",
                    "use the form ssh://git@host:port");
        }
    }

    @Override
    public void configure(Transport transport) {
        if (!(transport instanceof SshTransport ssh)) {
            throw new PxciException(ErrorCode.INVALID_INPUT, "gitea.ssh-url '" + sshUrl + "' is not an SSH URL",
                    "use the form ssh://git@host:port");
        }
        ssh.setSshSessionFactory(sessions);
    }

    @Override
    public void close() {
        sessions.close();
    }
}
