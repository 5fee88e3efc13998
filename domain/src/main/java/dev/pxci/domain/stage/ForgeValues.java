package dev.pxci.domain.stage;

import dev.pxci.ports.Secret;
import java.util.Map;

/**
 * The Actions variables and secrets a deployment puts on its forge organisation, read each time a
 * stage needs them: some are made during the run (the host keys of containers it creates).
 */
public interface ForgeValues {
    /** None at all. */
    ForgeValues NONE = of(Map.of(), Map.of());

    /** Plain values: read back and compared before they are written. */
    Map<String, String> variables();

    /** Secret values: written, never read back. */
    Map<String, Secret> secrets();

    /** Values fixed now. */
    static ForgeValues of(Map<String, String> variables, Map<String, Secret> secrets) {
        Map<String, String> v = Map.copyOf(variables);
        Map<String, Secret> s = Map.copyOf(secrets);
        return new ForgeValues() {
            @Override
            public Map<String, String> variables() {
                return v;
            }

            @Override
            public Map<String, Secret> secrets() {
                return s;
            }
        };
    }
}
