package dev.pxci.it.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./pxci completion bash} checked by a real bash: the script parses, registers itself for
 * {@code pxci}, and its function, driven as bash drives it (COMP_WORDS, COMP_CWORD), completes
 * subcommands, options and option values.
 */
class CompletionIT {
    @TempDir
    Path home;

    private Path script;

    @BeforeEach
    void script() throws IOException {
        Launcher.Result printed = Launcher.run(home, home, Map.of(), "completion", "bash");
        assertThat(printed.exitCode()).as(printed.all()).isZero();
        assertThat(printed.stderr()).isEmpty();
        script = Files.writeString(home.resolve("pxci.bash"), printed.stdout());
    }

    @Test
    void theScriptParsesAndRegistersItselfForPxci() {
        Launcher.Result syntax = bash("bash -n " + script);
        assertThat(syntax.exitCode()).as(syntax.all()).isZero();
        assertThat(syntax.stderr()).isEmpty();

        Launcher.Result registered = bash("source " + script + " && complete -p pxci");
        assertThat(registered.stdout()).as(registered.all()).contains("-F _complete_pxci").endsWith("pxci\n");
    }

    @Test
    void itCompletesASubcommandAnOptionAndAnOptionsValues() {
        assertThat(complete("pxci", "ap")).containsExactly("apply");
        assertThat(complete("pxci", "a")).containsExactlyInAnyOrder("apply", "adapters");
        assertThat(complete("pxci", "comp")).containsExactly("completion");
        assertThat(complete("pxci", "apply", "--sta")).containsExactlyInAnyOrder("--stage", "--state", "--stacktrace");
        assertThat(complete("pxci", "plan", "--plu")).as("the inherited --plugins").containsExactly("--plugins");
        assertThat(complete("pxci", "apply", "--output", "")).containsExactlyInAnyOrder("text", "json");
        assertThat(complete("pxci", "completion", "")).containsExactlyInAnyOrder("bash", "zsh");
        assertThat(complete("pxci", "plan", "--platform", "")).as("the adapters' names").contains("proxmox", "ansible");
        assertThat(complete("pxci", "apply", "--transport", "")).contains("ssh", "local");
    }

    @Test
    void thePlatformsOfThePluginsAreCompletedToo() throws IOException {
        Path plugins = Files.createDirectories(home.resolve(".pxci/plugins"));
        Files.copy(Path.of(System.getProperty("pxci.example-plugin", "")), plugins.resolve("adapter-example.jar"));
        script();

        assertThat(complete("pxci", "apply", "--platform", "")).contains("example", "proxmox");
    }

    /** What the completion function offers for the command line {@code words}, the last one being completed. */
    private List<String> complete(String... words) {
        StringBuilder array = new StringBuilder();
        for (String w : words) {
            array.append(" '").append(w).append("'");
        }
        Launcher.Result result = bash("source " + script + " && COMP_WORDS=(" + array + ") && COMP_CWORD="
                + (words.length - 1) + " && COMP_LINE=\"${COMP_WORDS[*]}\" && COMP_POINT=${#COMP_LINE}"
                + " && _complete_pxci && printf '%s\\n' \"${COMPREPLY[@]}\"");
        assertThat(result.exitCode()).as(result.all()).isZero();
        return result.stdout().lines().map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    private Launcher.Result bash(String command) {
        return Launcher.exec(List.of("bash", "--norc", "--noprofile", "-c", command), home, home, Map.of());
    }
}
