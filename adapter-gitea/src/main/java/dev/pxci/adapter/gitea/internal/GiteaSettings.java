package dev.pxci.adapter.gitea.internal;

import dev.pxci.ports.ErrorCode;
import dev.pxci.ports.PxciException;
import dev.pxci.ports.Secret;
import dev.pxci.ports.spi.AdapterConfig;
import dev.pxci.ports.spi.Setting;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The gitea adapter's settings, read and checked once. */
public record GiteaSettings(URI url, Optional<Secret> token, Optional<String> user, Optional<Secret> password,
        String committerName, String committerEmail, boolean insecure, Optional<String> sshUrl,
        Optional<Path> sshKey, Optional<Path> sshKnownHosts, Duration timeout, Duration pollInterval) {

    public static final String URL = "gitea.url";
    public static final String TOKEN = "gitea.token";
    public static final String USER = "gitea.user";
    public static final String PASSWORD = "gitea.password";
    public static final Setting<String> AUTHOR_NAME = Setting.text("gitea.author-name", "committer name of pxci's commits",
            "pxci");
    public static final Setting<String> AUTHOR_EMAIL = Setting.text("gitea.author-email",
            "committer e-mail of pxci's commits", "pxci@localhost");
    public static final Setting<Boolean> INSECURE = Setting.flag("gitea.insecure",
            "skip TLS certificate verification (loudly)", false);
    public static final String SSH_URL = "gitea.ssh-url";
    public static final String SSH_KEY = "gitea.ssh-key";
    public static final String SSH_KNOWN_HOSTS = "gitea.ssh-known-hosts";
    public static final Setting<Duration> TIMEOUT = Setting.duration("gitea.timeout", "connect and read timeout",
            Duration.ofSeconds(30));
    public static final Setting<Duration> POLL_INTERVAL = Setting.duration("gitea.poll-interval",
            "first wait between run polls (doubles to 15s)", Duration.ofSeconds(2));

    public static GiteaSettings from(AdapterConfig config) {
        String rawUrl = config.require(URL).trim();
        URI url;
        try {
            url = URI.create(rawUrl.replaceAll("/+$", ""));
        } catch (IllegalArgumentException e) {
            throw invalid(URL, rawUrl, "a URL such as http://10.0.0.5:3000");
        }
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || url.getHost() == null) {
            throw invalid(URL, rawUrl, "an http or https URL such as http://10.0.0.5:3000");
        }
        if (url.getUserInfo() != null || url.getQuery() != null) {
            throw new PxciException(ErrorCode.INVALID_INPUT, "setting '" + URL
                    + "' must not carry credentials or a query", "put the token in " + TOKEN);
        }
        Optional<String> sshUrl = config.get(SSH_URL).map(String::trim);
        Optional<Path> sshKey = config.get(SSH_KEY).map(Path::of);
        Optional<Path> knownHosts = config.get(SSH_KNOWN_HOSTS).map(Path::of);
        if (sshUrl.isPresent() && (sshKey.isEmpty() || knownHosts.isEmpty())) {
            throw new PxciException(ErrorCode.INVALID_INPUT, "setting '" + SSH_URL + "' needs '" + SSH_KEY + "' and '"
                    + SSH_KNOWN_HOSTS + "'", "give the private key and a known_hosts file with Gitea's host key");
        }
        return new GiteaSettings(url, config.secret(TOKEN).filter(s -> !s.isEmpty()), config.get(USER),
                config.secret(PASSWORD).filter(s -> !s.isEmpty()),
                AUTHOR_NAME.from(config), AUTHOR_EMAIL.from(config), INSECURE.from(config), sshUrl, sshKey, knownHosts,
                TIMEOUT.from(config), POLL_INTERVAL.from(config));
    }

    /** What the user must be told on every run about how Gitea is reached. */
    public List<String> warnings() {
        List<String> warnings = new ArrayList<>();
        boolean plain = url.getScheme().equalsIgnoreCase("http");
        if (plain && !isLoopback(url.getHost())) {
            warnings.add("Gitea at " + url + " is reached over plain HTTP: the access token and pushed content"
                    + " cross the network unencrypted; use https");
        }
        if (insecure && !plain) {
            warnings.add("TLS certificate verification for Gitea at " + url + " is OFF (" + INSECURE.name()
                    + "=true): anyone in the path can read the token");
        }
        return warnings;
    }

    static boolean isLoopback(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        return h.equals("localhost") || h.equals("::1") || h.equals("[::1]") || h.matches("127(\\.\\d{1,3}){3}");
    }

    private static PxciException invalid(String key, String raw, String accepted) {
        return new PxciException(ErrorCode.INVALID_INPUT,
                "setting '" + key + "' has the value '" + raw + "', which is not " + accepted);
    }
}
