package dev.pxci.sandbox.gitea;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The Gitea releases the simulator can behave like, with the differences between them taken from
 * each release's published OpenAPI document. Declared oldest first: a state directory last used as
 * a later release is not for an earlier one.
 */
enum SimulatedVersion {
    /** Runner tokens by GET and POST, no runs API, dispatch answers 204 only, variable create answers 204. */
    V1_24_7("1.24.7", true, false, false, 204, false),
    /** Runner tokens by POST only, the runs API, dispatch can return the run, variable create answers 201. */
    V1_26_1("1.26.1", false, true, true, 201, true);

    final String text;
    final boolean runnerTokenByGet;
    final boolean runsApi;
    final boolean dispatchReturnsRun;
    final int variableCreatedStatus;
    /** Runners can be disabled ({@code PATCH}, {@code disabled} in the runner object). */
    final boolean runnerDisabling;

    SimulatedVersion(String text, boolean runnerTokenByGet, boolean runsApi, boolean dispatchReturnsRun,
            int variableCreatedStatus, boolean runnerDisabling) {
        this.runnerDisabling = runnerDisabling;
        this.text = text;
        this.runnerTokenByGet = runnerTokenByGet;
        this.runsApi = runsApi;
        this.dispatchReturnsRun = dispatchReturnsRun;
        this.variableCreatedStatus = variableCreatedStatus;
    }

    static SimulatedVersion of(String text) {
        return Arrays.stream(values()).filter(v -> v.text.equals(text)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("the Gitea simulator can behave like "
                        + Arrays.stream(values()).map(v -> v.text).collect(Collectors.joining(" or "))
                        + ", not " + text));
    }
}
