package dev.pxci.adapter.gitea.internal;

import dev.pxci.ports.forge.RepositoryRef;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.Transport;
import org.eclipse.jgit.transport.URIish;

/** How JGit reaches a Gitea repository: the URL (never with credentials in it) and the transport's set-up. */
public interface GitRemote extends AutoCloseable {
    URIish uri(RepositoryRef repository);

    /** Sets up the local repository before the transport is opened (TLS settings). */
    default void prepare(Repository local) {
    }

    /** Gives the transport its credentials or session factory. */
    void configure(Transport transport);

    @Override
    default void close() {
    }
}
