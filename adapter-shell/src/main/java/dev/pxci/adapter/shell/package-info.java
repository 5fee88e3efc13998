/**
 * The shell transports: {@link dev.pxci.adapter.shell.SshShellFactory ssh} (Apache MINA SSHD's
 * client) and {@link dev.pxci.adapter.shell.LocalShellFactory local} (processes on this machine).
 *
 * <p>Over SSH, a command is sent as a fixed loader ({@code sh -c '...'}) on the exec request and a
 * script on standard input that exports the environment, changes directory and {@code exec}s the
 * quoted argument list; the command's own input follows. So secret values never appear in any
 * process's argument list, and the SSH {@code env} request (which OpenSSH refuses unless
 * {@code AcceptEnv} allows it) is not needed. A timeout kills the remote process tree, found
 * through {@code /proc}. Output is streamed line by line with secret values masked and kept up to
 * 1 MiB per stream. Files are written under a temporary name and renamed into place.
 */
package dev.pxci.adapter.shell;
