package dev.pxci.adapter.gitea;

import dev.pxci.adapter.gitea.internal.GiteaSettings;
import dev.pxci.ports.forge.Forge;
import dev.pxci.ports.spi.AdapterConfig;
import dev.pxci.ports.spi.AdapterFactory;
import dev.pxci.ports.spi.ConfigKey;
import java.util.List;

/** The {@code gitea} forge: Gitea's REST API and git pushes with JGit. */
public final class GiteaForgeFactory implements AdapterFactory<Forge> {

    @Override
    public String name() {
        return "gitea";
    }

    @Override
    public Class<Forge> port() {
        return Forge.class;
    }

    @Override
    public String description() {
        return "Gitea 1.20+ (REST API with token auth; git pushes with JGit over HTTP(S) or SSH)";
    }

    @Override
    public List<ConfigKey> configKeys() {
        return List.of(
                ConfigKey.plain(GiteaSettings.URL, "Gitea's root URL, e.g. http://10.0.0.5:3000"),
                ConfigKey.secret(GiteaSettings.TOKEN, "access token (scopes write:organization, write:repository)"),
                ConfigKey.plain(GiteaSettings.USER, "user that mints a token when none is given"),
                ConfigKey.secret(GiteaSettings.PASSWORD, "that user's password (sent once, to create the token)"),
                ConfigKey.plain(GiteaSettings.AUTHOR_NAME, "committer name of pxci's commits", "pxci"),
                ConfigKey.plain(GiteaSettings.AUTHOR_EMAIL, "committer e-mail of pxci's commits", "pxci@localhost"),
                ConfigKey.plain(GiteaSettings.INSECURE, "skip TLS certificate verification (loudly)", "false"),
                ConfigKey.plain(GiteaSettings.SSH_URL, "push over SSH instead of HTTP, e.g. ssh://git@10.0.0.5:2222"),
                ConfigKey.plain(GiteaSettings.SSH_KEY, "private key file for SSH pushes (no passphrase)"),
                ConfigKey.plain(GiteaSettings.SSH_KNOWN_HOSTS, "known_hosts file holding Gitea's SSH host key"),
                ConfigKey.plain(GiteaSettings.TIMEOUT, "connect and read timeout", "30s"),
                ConfigKey.plain(GiteaSettings.POLL_INTERVAL, "first wait between run polls (doubles to 15s)", "2s"));
    }

    @Override
    public Forge create(AdapterConfig config) {
        return new GiteaForge(GiteaSettings.from(config));
    }
}
