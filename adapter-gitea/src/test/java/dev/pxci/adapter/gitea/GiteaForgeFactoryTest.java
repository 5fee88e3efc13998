package dev.pxci.adapter.gitea;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pxci.ports.ErrorCode;
import dev.pxci.ports.PxciException;
import dev.pxci.ports.Secret;
import dev.pxci.ports.spi.AdapterConfig;
import dev.pxci.ports.spi.AdapterFactory;
import dev.pxci.ports.spi.ConfigKey;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class GiteaForgeFactoryTest {

    @Test
    void theFactoryIsFoundByServiceLoaderUnderTheNameGitea() {
        assertThat(ServiceLoader.load(AdapterFactory.class).stream().map(ServiceLoader.Provider::get)
                .filter(f -> f.name().equals("gitea")))
                .singleElement().isInstanceOf(GiteaForgeFactory.class);
    }

    @Test
    void tokenAndPasswordAreDeclaredSecretAndTheAuthorHasDefaults() {
        Map<String, ConfigKey> keys = new java.util.HashMap<>();
        new GiteaForgeFactory().configKeys().forEach(k -> keys.put(k.name(), k));
        assertThat(keys.get("gitea.token").secret()).isTrue();
        assertThat(keys.get("gitea.password").secret()).isTrue();
        assertThat(keys.get("gitea.url").secret()).isFalse();
        assertThat(keys.get("gitea.author-name").defaultValue()).contains("pxci");
        assertThat(keys.get("gitea.author-email").defaultValue()).contains("pxci@localhost");
    }

    @Test
    void aUrlWithCredentialsOrAnotherSchemeIsRefused() {
        for (String url : new String[] {"http://u:p@10.0.0.5:3000", "ftp://10.0.0.5", "http://10.0.0.5/?token=x"}) {
            assertThatThrownBy(() -> new GiteaForgeFactory().create(new AdapterConfig(Map.of("gitea.url", url), Map.of())))
                    .isInstanceOfSatisfying(PxciException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT));
        }
        assertThatThrownBy(() -> new GiteaForgeFactory().create(AdapterConfig.empty()))
                .isInstanceOfSatisfying(PxciException.class, e -> assertThat(e.getMessage()).contains("gitea.url"));
    }

    @Test
    void sshNeedsAKeyAndAKnownHostsFile() {
        assertThatThrownBy(() -> new GiteaForgeFactory().create(new AdapterConfig(Map.of("gitea.url", "http://127.0.0.1:3000",
                "gitea.ssh-url", "ssh://git@127.0.0.1:2222"), Map.of("gitea.token", Secret.of("t")))))
                .isInstanceOfSatisfying(PxciException.class, e -> assertThat(e.getMessage()).contains("gitea.ssh-known-hosts"));
    }
}
