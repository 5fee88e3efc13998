package dev.pxci.adapter.cinc.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pxci.ports.ErrorCode;
import dev.pxci.ports.PxciException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CookbookBundleTest {
    @TempDir
    Path bundle;

    private void cookbook(Path parent, String name, String... recipes) throws IOException {
        Path dir = Files.createDirectories(parent.resolve(name).resolve("recipes"));
        Files.writeString(parent.resolve(name).resolve("metadata.rb"), "name '" + name + "'\n");
        for (String recipe : recipes) {
            Files.writeString(dir.resolve(recipe + ".rb"), "# " + recipe + "\n");
        }
    }

    @Test
    void onlyDirectoriesWithMetadataAreCookbooks() throws IOException {
        cookbook(bundle, "config", "default", "runner");
        cookbook(bundle, "share", "default");
        Files.createDirectories(bundle.resolve("base/tasks"));
        Files.writeString(bundle.resolve("README.md"), "infra");

        CookbookBundle found = CookbookBundle.of(bundle, List.of("recipe[config]"));

        assertThat(found.cookbooks()).containsOnlyKeys("config", "share");
    }

    @Test
    void aCookbooksDirectoryInsideTheBundleIsUsedWhenPresent() throws IOException {
        cookbook(bundle.resolve("cookbooks"), "share", "default");

        assertThat(CookbookBundle.of(bundle, List.of("share")).cookbooks()).containsOnlyKeys("share");
    }

    @Test
    void runListEntriesAreWrittenInTheClientsForm() throws IOException {
        cookbook(bundle, "config", "default", "runner");

        CookbookBundle found = CookbookBundle.of(bundle, List.of("config", "config::runner", "recipe[config::default]"));

        assertThat(found.runListArgument()).isEqualTo("recipe[config],recipe[config::runner],recipe[config::default]");
    }

    @Test
    void aRunListNamingAMissingCookbookOrRecipeIsRefusedBeforeAnythingRuns() throws IOException {
        cookbook(bundle, "config", "default");

        assertThatThrownBy(() -> CookbookBundle.of(bundle, List.of("recipe[gitea]")))
                .isInstanceOf(PxciException.class).hasMessageContaining("cookbook 'gitea'")
                .extracting(e -> ((PxciException) e).code()).isEqualTo(ErrorCode.INVALID_INPUT);
        assertThatThrownBy(() -> CookbookBundle.of(bundle, List.of("recipe[config::runner]")))
                .isInstanceOf(PxciException.class).hasMessageContaining("no runner.rb");
        assertThatThrownBy(() -> CookbookBundle.of(bundle, List.of("role[web]")))
                .isInstanceOf(PxciException.class).hasMessageContaining("is not a recipe");
        assertThatThrownBy(() -> CookbookBundle.of(bundle, List.of()))
                .isInstanceOf(PxciException.class).hasMessageContaining("run list is empty");
    }

    @Test
    void aBundleWithoutCookbooksIsRefused() {
        assertThatThrownBy(() -> CookbookBundle.of(bundle, List.of("config")))
                .isInstanceOf(PxciException.class).hasMessageContaining("holds no cookbook");
    }
}
