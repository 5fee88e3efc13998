package dev.pxci.cli;

import java.util.concurrent.Callable;
import javax.inject.Inject;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code pxci completion bash|zsh}: the completion script of the command line as built here, its
 * commands made by the composition root. zsh runs the same script through its {@code bashcompinit}.
 */
@Command(name = "completion", mixinStandardHelpOptions = true,
        description = {"Print the shell completion script of pxci.",
                "bash: source <(pxci completion bash), or save it in /etc/bash_completion.d/pxci.",
                "zsh: source <(pxci completion zsh) in ~/.zshrc (it loads bashcompinit)."})
final class CompletionCommand implements Callable<Integer> {
    /** The shells the script is for. */
    enum Shell { bash, zsh }

    @Parameters(paramLabel = "SHELL", description = "bash or zsh.")
    Shell shell;

    @Spec
    CommandSpec spec;

    private final Console console;

    @Inject
    CompletionCommand(Console console) {
        this.console = console;
    }

    @Override
    public Integer call() {
        console.out().print(AutoComplete.bash(spec.root().name(), spec.root().commandLine()));
        console.out().flush();
        return ExitCode.OK;
    }
}
