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
                GiteaSettings.AUTHOR_NAME.key(),
                GiteaSettings.AUTHOR_EMAIL.key(),
                GiteaSettings.INSECURE.key(),
                ConfigKey.plain(GiteaSettings.SSH_URL, "push over SSH instead of HTTP, e.g. ssh://git@10.0.0.5:2222"),
                ConfigKey.plain(GiteaSettings.SSH_KEY, "private key file for SSH pushes (no passphrase)"),
                ConfigKey.plain(GiteaSettings.SSH_KNOWN_HOSTS, "known_hosts file holding Gitea's SSH host key"),
                GiteaSettings.TIMEOUT.key(),
                GiteaSettings.POLL_INTERVAL.key());
    }

    @Override
    public Forge create(AdapterConfig config) {
        return new GiteaForge(GiteaSettings.from(config));
    }
}
