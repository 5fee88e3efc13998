package dev.pxci.sandbox.gitea;

import org.eclipse.jgit.internal.storage.dfs.DfsRepositoryDescription;
import org.eclipse.jgit.internal.storage.dfs.InMemoryRepository;
import org.eclipse.jgit.lib.Repository;

/**
 * Where the simulator keeps what it knows: in memory only, or in a state directory that a later
 * start reloads. Called with the state's lock held.
 */
interface Storage extends AutoCloseable {
    /** The storage of a simulator that forgets everything when it stops. */
    Storage IN_MEMORY = new Storage() {
        @Override
        public Repository createRepository(String owner, String name) {
            return new InMemoryRepository(new DfsRepositoryDescription(owner + "/" + name));
        }

        @Override
        public void deleteRepository(String owner, String name) {
        }

        @Override
        public void save(GiteaState state) {
        }

        @Override
        public void close() {
        }
    };

    /** A new, empty bare repository for {@code owner/name}. */
    Repository createRepository(String owner, String name);

    /** Removes the git data of {@code owner/name}. */
    void deleteRepository(String owner, String name);

    /** Records the state after a change; does nothing when nothing changed. */
    void save(GiteaState state);

    @Override
    void close();
}
