package dev.pxci.ports.shell;

import java.nio.file.Path;

/**
 * An open session to one machine (over SSH, or this machine itself). Commands and file
 * transfers may be issued from several threads. Transfers are atomic per file: a file is written
 * under a temporary name and renamed, so an interrupted upload never leaves a half file. Errors
 * (connection lost, authentication, transfer failure) are {@link dev.pxci.ports.PxciException}s;
 * a command's non-zero exit is not an error but a {@link CommandResult}.
 */
public interface Shell extends AutoCloseable {

    /** Where this session goes, for messages ({@code config@10.0.0.5:22}, {@code local}). */
    String describe();

    /** Runs a command to its end or its timeout, streaming output lines to {@code listener}. */
    CommandResult execute(Command command, OutputListener listener);

    /** Runs a command without streaming. */
    default CommandResult execute(Command command) {
        return execute(command, OutputListener.NONE);
    }

    /**
     * Copies a local file, or a directory tree with its file modes, to {@code remotePath}. For a
     * directory, {@code remotePath} becomes the directory holding the tree's contents.
     */
    void upload(Path source, String remotePath);

    /** Copies one remote file to a local path. */
    void download(String remotePath, Path target);

    @Override
    void close();
}
