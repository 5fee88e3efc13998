package dev.pxci.domain.stage;

import dev.pxci.domain.config.ContainerDeclaration;
import dev.pxci.ports.ErrorCode;
import dev.pxci.ports.PxciException;
import dev.pxci.ports.configuration.ConfigurationRunner;
import dev.pxci.ports.configuration.ConvergeMode;
import dev.pxci.ports.configuration.ConvergeReport;
import dev.pxci.ports.configuration.ConvergeRequest;
import dev.pxci.ports.configuration.ConvergeTarget;
import dev.pxci.ports.run.RunEvent;
import dev.pxci.ports.run.StageOutcome;
import dev.pxci.ports.run.StageReport;
import dev.pxci.ports.shell.ShellTarget;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Converges one bundle of the configuration ({@code config}: Gitea and its runner;
 * {@code share}: Samba serving the shares) inside each container with the deployment's
 * attributes; plan and verify use a dry run. A converge that asks for a reboot is reported, never
 * passed off as success.
 */
public final class ConvergeStage extends InContainer {
    public static final String CONFIGURE = "configure";
    public static final String SHARE = "share";
    /** The Ansible playbook of a bundle, beside its cookbook ({@code infra/config/playbook.yml}). */
    public static final String PLAYBOOK = "playbook.yml";

    private final String name;
    private final String bundle;

    /** The bundle it converges ({@code config}, {@code share}). */
    String bundle() {
        return bundle;
    }

    private ConvergeStage(String name, String bundle) {
        this.name = name;
        this.bundle = bundle;
    }

    /** The {@code configure} stage: the {@code config} bundle. */
    public static ConvergeStage configure() {
        return new ConvergeStage(CONFIGURE, "config");
    }

    /** The {@code share} stage: the {@code share} bundle. */
    public static ConvergeStage share() {
        return new ConvergeStage(SHARE, "share");
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    Optional<String> missingPort(StageContext context) {
        Optional<String> noShell = super.missingPort(context);
        if (noShell.isPresent()) {
            return noShell;
        }
        if (context.configurator().isEmpty()) {
            return Optional.of("skipped: no configuration runner is configured");
        }
        if (context.settings().bundles().isEmpty()) {
            return Optional.of("skipped: no bundle directory is configured");
        }
        return Optional.empty();
    }

    @Override
    StageReport runOne(ContainerDeclaration c, Mode mode, StageContext context) {
        long start = System.nanoTime();
        ConvergeMode convergeMode = mode == Mode.APPLY ? ConvergeMode.APPLY : ConvergeMode.DRY_RUN;
        ConvergeReport result = converge(c, context, convergeMode);
        if (mode == Mode.APPLY) {
            context.converges().record(c, bundle, result);
        }
        List<String> evidence = new ArrayList<>();
        evidence.add(result.updated() + "/" + result.total() + " resources " + (mode == Mode.APPLY ? "updated" : "would change"));
        if (result.rebootRequired()) {
            evidence.add(bundle + " asked for a reboot");
            context.listener().onEvent(new RunEvent.Warning(c.label() + ": the " + bundle
                    + " converge asked for a reboot of the container"));
        }
        List<String> changes = result.updatedResources().isEmpty() && result.updated() > 0
                ? List.of(result.updated() + " resources")
                : result.updatedResources();
        if (mode == Mode.VERIFY && result.changed()) {
            return new StageReport(name, c.label(), StageOutcome.FAILED, "not converged: " + result.updated()
                    + " resources would change: " + String.join(", ", changes), List.of(), evidence, PerContainer.since(start));
        }
        return report(c, start, result.changed() ? changes : List.of(), evidence,
                mode == Mode.APPLY ? "converged " + bundle : "would converge " + bundle, bundle + " already converged");
    }

    /** Runs the bundle once; used by {@code verify} too for the idempotence check. */
    ConvergeReport converge(ContainerDeclaration c, StageContext context, ConvergeMode mode) {
        ConfigurationRunner runner = context.configurator().orElseThrow();
        PipelineSettings settings = context.settings();
        Login login = context.sessions().into(c);
        ShellTarget address = new ShellTarget(c.address().orElseThrow(), settings.sshPort(), login.user());
        ConvergeRequest request = new ConvergeRequest(settings.bundles().orElseThrow(), List.of(runItem(runner.tool())),
                attributes(c, settings), secretAttributes(settings), mode);
        String task = (mode == ConvergeMode.APPLY ? "converge " : "dry-run ") + bundle + " with " + runner.tool();
        return Tasks.run(context.listener(), name, c.label(), task, () -> runner.converge(
                new ConvergeTarget(login.shell(), address), request,
                (channel, line) -> context.listener().onEvent(new RunEvent.Output(name, c.label(), line))));
    }

    private String runItem(String tool) {
        return switch (tool) {
            case "cinc" -> "recipe[" + bundle + "]";
            case "ansible" -> bundle + "/" + PLAYBOOK;
            default -> throw new PxciException(ErrorCode.UNSUPPORTED, "no run list is known for the tool " + tool);
        };
    }

    /**
     * The bundle's attributes: what the deployment knows ({@code config}: the address, the
     * organisation, the CI key and the Actions variables; {@code share}: the shares in
     * {@code MOUNT} form) under the settings' own attributes for this bundle.
     */
    public Map<String, String> attributes(ContainerDeclaration c, PipelineSettings settings) {
        Map<String, String> a = new LinkedHashMap<>();
        if (bundle.equals("config")) {
            a.put("config.gitea.domain", c.address().orElseThrow());
            a.put("config.org", settings.organisation());
            settings.ciPublicKey().ifPresent(k -> a.put("config.ci_public_key", k));
            settings.forgeVariables().forEach((k, v) -> a.put("config.variables." + k, v));
        } else {
            a.put("share.mount", c.shares().stream().map(s -> s.name() + ":" + s.sizeGiB()).collect(Collectors.joining(",")));
        }
        settings.attributes().forEach((k, v) -> {
            if (k.startsWith(bundle + ".")) {
                a.put(k, v);
            }
        });
        return a;
    }

    /** The bundle's secret attributes: the Actions secrets for {@code config}, then the settings' own. */
    public Map<String, dev.pxci.ports.Secret> secretAttributes(PipelineSettings settings) {
        Map<String, dev.pxci.ports.Secret> a = new LinkedHashMap<>();
        if (bundle.equals("config")) {
            settings.forgeSecrets().forEach((k, v) -> a.put("config.secrets." + k, v));
        }
        settings.secretAttributes().forEach((k, v) -> {
            if (k.startsWith(bundle + ".")) {
                a.put(k, v);
            }
        });
        return a;
    }
}
