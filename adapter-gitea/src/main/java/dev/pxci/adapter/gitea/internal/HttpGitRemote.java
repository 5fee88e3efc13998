package dev.pxci.adapter.gitea.internal;

import dev.pxci.ports.forge.RepositoryRef;
import java.net.URI;
import java.net.URISyntaxException;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.Transport;
import org.eclipse.jgit.transport.URIish;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;

/** Git over Gitea's HTTP(S) URL with the access token given through a credentials provider. */
public final class HttpGitRemote implements GitRemote {
    private final URI baseUrl;
    private final AccessTokens tokens;
    private final boolean insecure;

    public HttpGitRemote(URI baseUrl, AccessTokens tokens, boolean insecure) {
        this.baseUrl = baseUrl;
        this.tokens = tokens;
        this.insecure = insecure;
    }

    @Override
    public URIish uri(RepositoryRef repository) {
        String base = baseUrl.toString().replaceAll("/+$", "");
        try {
            return new URIish(base + "/" + repository.owner() + "/" + repository.name() + ".git");
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a git URL: " + base, e);
        }
    }

    @Override
    public void prepare(Repository local) {
        if (insecure) {
            local.getConfig().setBoolean("http", null, "sslVerify", false);
        }
    }

    @Override
    public void configure(Transport transport) {
        transport.setCredentialsProvider(new UsernamePasswordCredentialsProvider(tokens.gitUser(),
                tokens.token().reveal()));
    }
}
