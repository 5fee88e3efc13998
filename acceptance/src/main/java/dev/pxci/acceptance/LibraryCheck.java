package dev.pxci.acceptance;

import dev.pxci.domain.Engine;
import dev.pxci.domain.Pxci;
import dev.pxci.domain.config.DeploymentLoader;
import dev.pxci.domain.config.SourceText;
import dev.pxci.ports.Secret;
import dev.pxci.ports.run.RunReport;
import dev.pxci.ports.run.StageOutcome;
import dev.pxci.ports.run.StageReport;
import dev.pxci.ports.spi.AdapterConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The engine as a library user builds it ({@code Pxci.builder()} with the {@code proxmox} platform
 * found through the SPI), planning the suite's current declaration: after an apply it must show
 * no change.
 */
final class LibraryCheck {

    private final Settings settings;
    private final Supplier<Declaration> current;

    LibraryCheck(Settings settings, Supplier<Declaration> current) {
        this.settings = settings;
        this.current = current;
    }

    String planShowsNoChange() {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("proxmox.url", settings.url());
        values.put("proxmox.token", settings.tokenId());
        values.put("proxmox.id-range", settings.ids().toString());
        settings.fingerprint().ifPresent(f -> values.put("proxmox.fingerprint", f));
        settings.caFile().ifPresent(f -> values.put("proxmox.ca-file", f.toString()));
        Engine engine = Pxci.builder()
                .platform("proxmox", new AdapterConfig(values, Map.of("proxmox.secret", Secret.of(settings.secret().reveal()))))
                .build();
        RunReport report = engine.plan(DeploymentLoader.single(new SourceText("config.env", current.get().text(settings))),
                List.of("provision"));
        if (!report.succeeded()) {
            throw new Lifecycle.Failed("the library's plan failed: " + report.failure().orElse("?"));
        }
        List<StageReport> changing = report.stages().stream().filter(s -> s.outcome() == StageOutcome.CHANGED).toList();
        if (!changing.isEmpty()) {
            throw new Lifecycle.Failed("the library's plan shows changes after apply: " + changing.get(0).changes());
        }
        return "Engine.plan (provision): " + report.stages().stream().map(s -> s.outcome().name().toLowerCase(java.util.Locale.ROOT))
                .toList();
    }
}
