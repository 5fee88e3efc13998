package dev.pxci.adapter.shell;

import dev.pxci.adapter.shell.internal.HostKeyPolicy;
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
                ConfigKey.plain(SshSettings.KNOWN_HOSTS, "known_hosts file the host keys are checked against",
                        SshSettings.DEFAULT_KNOWN_HOSTS),
                ConfigKey.plain(SshSettings.HOST_KEY_FINGERPRINT,
                        "pinned host key fingerprint as OpenSSH prints it (SHA256:...); replaces known_hosts"),
                ConfigKey.plain(SshSettings.HOST_KEY_POLICY,
                        "strict (unknown hosts refused) or accept-new (trusted on first use and written to known_hosts)",
                        HostKeyPolicy.STRICT.configValue()),
                ConfigKey.plain(SshSettings.CONNECT_TIMEOUT, "time allowed for one connection attempt", "10s"),
                ConfigKey.plain(SshSettings.KEEPALIVE, "interval of keepalive requests; 0 turns them off", "15s"));
    }

    @Override
    public ShellConnector create(AdapterConfig config) {
        return new SshShellConnector(SshSettings.from(config));
    }
}
