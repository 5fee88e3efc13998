package dev.pxci.sandbox.lxc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TemplateCacheTest {

    @Test
    void theRecipeNamesWhatTheTemplateIsBuiltFrom() {
        String recipe = TemplateCache.recipe("http://deb.debian.org/debian");

        assertThat(recipe).contains("suite bookworm", "variant minbase", "mirror http://deb.debian.org/debian",
                "systemd-sysv,openssh-server,sudo,python3", "rm -f \"$1\"/etc/ssh/ssh_host_*", "compress zstd -3");
    }

    @Test
    void aChangedRecipeHasAnotherKeySoItIsBuiltAnew() {
        String key = TemplateCache.key(TemplateCache.recipe("http://deb.debian.org/debian"));

        assertThat(key).matches("[0-9a-f]{16}").isEqualTo(TemplateCache.key(TemplateCache.recipe("http://deb.debian.org/debian")));
        assertThat(TemplateCache.key(TemplateCache.recipe("http://mirror.example/debian"))).isNotEqualTo(key);
        assertThat(TemplateCache.key(TemplateCache.recipe("http://deb.debian.org/debian") + "include more\n"))
                .isNotEqualTo(key);
    }
}
