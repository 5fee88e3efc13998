package dev.pxci.cli;

import dagger.BindsInstance;
import dagger.Component;
import javax.inject.Singleton;

/** The composition root: every command and service of the CLI is built here. */
@Singleton
@Component(modules = CliModule.class)
interface CliComponent {
    PxciCommand root();

    PlanCommand plan();

    ApplyCommand apply();

    VerifyCommand verify();

    DestroyCommand destroy();

    StatusCommand status();

    AdaptersCommand adapters();

    SandboxCommand sandbox();

    CompletionCommand completion();

    @Component.Factory
    interface Factory {
        CliComponent create(@BindsInstance Console console);
    }
}
