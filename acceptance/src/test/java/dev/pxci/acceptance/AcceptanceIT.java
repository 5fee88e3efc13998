package dev.pxci.acceptance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The suite against the cluster the {@code PXCI_ACCEPTANCE_*} variables of this build name; reported
 * as skipped, with the line that says how to run it, when they are not set, and when it was only
 * shown what the suite would do.
 */
class AcceptanceIT {

    @Test
    void theWholeLifecyclePassesOnTheClusterTheVariablesName() {
        Map<String, String> environment = System.getenv();
        Optional<Settings> settings = Settings.from(environment);
        if (settings.isEmpty()) {
            System.out.println(Variable.HOW_TO_RUN);
        }
        Assumptions.assumeTrue(settings.isPresent(), Variable.HOW_TO_RUN);
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(captured, true, StandardCharsets.UTF_8);

        int exit = Main.run(new String[0], environment, out);

        String output = captured.toString(StandardCharsets.UTF_8);
        System.out.print(output);
        Assumptions.assumeTrue(settings.get().go(), "shown, not run: set " + Variable.GO.variableName() + "=yes");
        assertThat(exit).as(output).isIn(0, 3);
    }
}
