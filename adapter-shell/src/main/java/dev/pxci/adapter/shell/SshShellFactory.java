package dev.pxci.adapter.shell;

import dev.pxci.adapter.shell.internal.SshSettings;
import dev.pxci.ports.shell.ShellConnector;
import dev.pxci.ports.spi.AdapterConfig;
import dev.pxci.ports.spi.AdapterFactory;
import dev.pxci.ports.spi.ConfigKey;
import java.util.List;

/** The {@code ssh} transport: shells inside containers over SSH (Apache MINA SSHD). */
public final class SshShellFactory implements AdapterFactory<ShellConnector> {

    @Override
    public String name() {
        return "ssh";
    }

    @Override
    public Class<ShellConnector> port() {
        return ShellConnector.class;
    }

    @Override
    public String description() {
        return "commands and files over SSH (Apache MINA SSHD), host keys verified";
    }

    @Override
    public List<ConfigKey> configKeys() {
        return List.of(
                ConfigKey.plain(SshSettings.PRIVATE_KEY,
                        "OpenSSH private key file (ed25519, ECDSA or RSA); required unless ssh.password is set"),
                ConfigKey.secret(SshSettings.PASSPHRASE, "passphrase of the private key, when it is encrypted"),
                ConfigKey.secret(SshSettings.PASSWORD, "password; used only when set"),
                SshSettings.KNOWN_HOSTS.key(),
                ConfigKey.plain(SshSettings.HOST_KEY_FINGERPRINT,
                        "pinned host key fingerprint as OpenSSH prints it (SHA256:...); replaces known_hosts"),
                SshSettings.HOST_KEY_POLICY.key(),
                SshSettings.CONNECT_TIMEOUT.key(),
                SshSettings.KEEPALIVE.key());
    }

    @Override
    public ShellConnector create(AdapterConfig config) {
        return new SshShellConnector(SshSettings.from(config));
    }
}
