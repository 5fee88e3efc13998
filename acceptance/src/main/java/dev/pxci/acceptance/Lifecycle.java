package dev.pxci.acceptance;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The checks, in the order a container lives: create, idempotent re-apply (CLI and library),
 * in-place change, shutdown and start, the in-container stages, kept shares across destroy,
 * replacement under {@code TERMINATE=yes}, destroy with purge. Each needs some {@link Feature}s; one
 * the preflight says will not work is skipped with its reason, and once the container could not be
 * made the rest is skipped saying so. Every outcome is read back from the cluster, not taken
 * from pxci's word.
 */
final class Lifecycle {

    private static final Duration CLI_TIMEOUT = Duration.ofMinutes(15);
    private static final Pattern MARK = Pattern.compile("pxci run [0-9a-fA-F-]+");

    /** A check whose outcome was not what it should be. */
    static final class Failed extends RuntimeException {
        Failed(String message) {
            super(message, null, false, false);
        }
    }

    @FunctionalInterface
    interface Body {
        String run();
    }

    private final Settings settings;
    private final PveApi api;
    private final CliRunner cli;
    private final LibraryCheck library;
    private final Preflight.Result preflight;
    private final Report report;
    private final Path work;
    private final String vmPath;
    private final Consumer<Declaration> declared;
    private Declaration declaration;
    private String blocked;

    Lifecycle(Settings settings, PveApi api, CliRunner cli, LibraryCheck library, Preflight.Result preflight,
            Report report, Path work, Consumer<Declaration> declared) {
        this.settings = settings;
        this.api = api;
        this.cli = cli;
        this.library = library;
        this.preflight = preflight;
        this.report = report;
        this.work = work;
        this.vmPath = "/nodes/" + settings.node() + "/lxc/" + settings.ids().first();
        this.declared = declared;
        this.declaration = Declaration.initial(preflight.works(Feature.SHARES));
    }

    /** What {@link #run} will do, for the listing shown before anything changes. */
    static List<String> plan(Settings settings, Preflight.Result preflight) {
        int id = settings.ids().first();
        List<String> out = new ArrayList<>();
        out.add("create CT " + id + " '" + Declaration.hostname(settings) + "' on node " + settings.node() + " from "
                + settings.template() + " (" + settings.storage() + ":" + Declaration.FIRST_DISK_GIB + " GiB"
                + (preflight.works(Feature.SHARES) ? ", a 1 GiB share" : "") + ", tag " + RangeGuard.TAG + ")");
        out.add("apply it again and plan it through the CLI and the library: nothing may change");
        out.add("change it in place (2 cores, 768 MiB), shut it down and let pxci start it again");
        if (preflight.works(Feature.IN_CONTAINER)) {
            out.add("run bootstrap, configure, share and verify in it over SSH");
        }
        if (preflight.works(Feature.SHARES)) {
            out.add("destroy it keeping its share (a holder container on another id of " + settings.ids()
                    + "), create it again with the same share");
        }
        if (preflight.works(Feature.REPLACE)) {
            out.add("shrink its disk: refused without TERMINATE, replaced with TERMINATE=yes (a vzdump backup first, removed after)");
        }
        out.add("destroy it with its shares purged; remove whatever of the suite is left on " + settings.ids());
        return out;
    }

    void run() {
        check("create", List.of(Feature.CREATE), this::create);
        check("idempotent re-apply", List.of(Feature.CREATE), this::reapply);
        check("library plan shows no change", List.of(Feature.CREATE), library::planShowsNoChange);
        check("in-place change", List.of(Feature.CHANGE), this::changeInPlace);
        check("shutdown and start", List.of(Feature.POWER), this::shutdownAndStart);
        check("bootstrap, configure, share, verify", List.of(Feature.IN_CONTAINER), this::inContainer);
        check("shares kept across destroy", List.of(Feature.SHARES), this::keptShares);
        check("replacement under TERMINATE=yes", List.of(Feature.REPLACE), this::replacement);
        check("destroy with purge", List.of(Feature.CREATE), this::destroyWithPurge);
    }

    private void check(String name, List<Feature> needs, Body body) {
        long started = System.nanoTime();
        for (Feature feature : needs) {
            if (!preflight.works(feature)) {
                report.add(new Report.Check(name, Report.Outcome.SKIPPED, Duration.ZERO,
                        "preflight: " + feature.description() + " will not work: " + preflight.why(feature)));
                return;
            }
        }
        if (blocked != null) {
            report.add(new Report.Check(name, Report.Outcome.SKIPPED, Duration.ZERO, blocked));
            return;
        }
        Report.Check done;
        try {
            String detail = body.run();
            done = new Report.Check(name, Report.Outcome.PASSED, Duration.ofNanos(System.nanoTime() - started), detail);
        } catch (RuntimeException e) {
            String why = e instanceof Failed || e instanceof PveApi.Failure ? e.getMessage() : e.toString();
            done = new Report.Check(name, Report.Outcome.FAILED, Duration.ofNanos(System.nanoTime() - started), why);
            if (name.equals("create")) {
                blocked = "the container could not be created";
            }
        }
        Report.Check added = report.add(done);
        System.out.println("  " + added.outcome().name().toLowerCase(java.util.Locale.ROOT) + "  " + name
                + (added.detail().isEmpty() ? "" : ": " + added.detail()));
    }

    private String create() {
        CliRunner.Run run = apply(declaration);
        JsonNode config = config();
        require(config.path("cores").asInt() == 1 && config.path("memory").asInt() == 512,
                "the new container has cores " + config.path("cores").asText() + " and memory " + config.path("memory").asText());
        require(config.path("tags").asText().contains(RangeGuard.TAG), "the new container lacks the tag " + RangeGuard.TAG);
        require(running(), "the new container is not running");
        return "CT " + settings.ids().first() + " running, " + config.path("rootfs").asText() + ", "
                + mark(config) + "; pxci took " + seconds(run);
    }

    private String reapply() {
        String before = mark(config());
        CliRunner.Run again = apply(declaration);
        require(!again.changed(), "the second apply changed something: " + again.tail());
        CliRunner.Run plan = cli.run(CLI_TIMEOUT, "plan", "--config", config(declaration), "--stage", "provision",
                "--detailed-exitcode", "--output", "json");
        require(plan.exitCode() == 0, "plan --detailed-exitcode exited " + plan.exitCode() + " after apply: " + plan.tail());
        require(mark(config()).equals(before), "the container was made anew");
        return "second apply: " + again.outcome("provision").orElse("?") + " in " + seconds(again) + "; plan: no change";
    }

    private String changeInPlace() {
        String before = mark(config());
        declaration = declaration.resized(2, 768);
        CliRunner.Run run = apply(declaration);
        JsonNode config = config();
        require(config.path("cores").asInt() == 2 && config.path("memory").asInt() == 768,
                "after the change cores is " + config.path("cores").asText() + " and memory " + config.path("memory").asText());
        require(mark(config).equals(before), "the container was made anew instead of changed in place");
        require(running(), "the container is not running after the change");
        return "cores 1 -> 2, memory 512 -> 768 MiB in place (" + run.outcome("provision").orElse("?") + ")";
    }

    private String shutdownAndStart() {
        String exit = api.await(api.post(vmPath + "/status/shutdown", "timeout", "60", "forceStop", "1").asText(),
                Duration.ofMinutes(3));
        require(exit.equals("OK"), "the shutdown ended '" + exit + "'");
        require(!running(), "the container still runs after the shutdown");
        CliRunner.Run run = apply(declaration);
        require(run.changed(), "apply did not report starting the stopped container");
        require(running(), "apply left the container stopped");
        return "shut down through the API; apply started it again in " + seconds(run);
    }

    private String inContainer() {
        List<String> args = new ArrayList<>(List.of("apply", "--config", config(declaration), "--output", "json",
                "--stage", "bootstrap", "--stage", "configure", "--stage", "share", "--stage", "verify"));
        settings.secretsFile().ifPresent(file -> args.addAll(List.of("--secrets", file.toString())));
        CliRunner.Run run = cli.run(CLI_TIMEOUT, args.toArray(String[]::new));
        List<String> outcomes = new ArrayList<>();
        for (String stage : List.of("bootstrap", "configure", "share", "verify")) {
            String outcome = run.outcome(stage).orElse("missing");
            outcomes.add(stage + " " + outcome);
            require(!outcome.equals("failed") && !outcome.equals("missing"), stage + " " + outcome + ": " + run.tail());
        }
        require(run.exitCode() == 0, "apply exited " + run.exitCode() + ": " + run.tail());
        settings.subnet().ifPresent(subnet -> GiteaVersion.read("http://" + subnet.address(0).replaceAll("/.*", "") + ":3000")
                .ifPresent(v -> report.version("Gitea (in the container)", v)));
        return String.join(", ", outcomes);
    }

    /**
     * Proxmox VE renames a volume that moves to another guest ({@code vm-100-disk-1} becomes
     * {@code vm-101-disk-0}), so the share is followed by where it is: in the holder after destroy,
     * back in the container's {@code mp0} (the holder gone with nothing left) after the next apply.
     */
    private String keptShares() {
        String volume = shareVolume(config()).orElseThrow(() -> new Failed("the container has no share volume in mp0"));
        String size = sizeOf(config(), volume);
        CliRunner.Run destroy = cli.run(CLI_TIMEOUT, "destroy", "--yes", "--config", config(declaration), "--output", "json");
        require(destroy.exitCode() == 0, "destroy exited " + destroy.exitCode() + ": " + destroy.tail());
        require(!exists(), "the container is still there after destroy");
        RangeGuard.Guest holder = holder().orElseThrow(() -> new Failed("no holder pxci-shares-" + settings.ids().first()
                + " keeps the share after destroy"));
        JsonNode held = api.get("/nodes/" + holder.node() + "/lxc/" + holder.vmid() + "/config");
        String keptAs = heldVolume(held, holder.vmid()).orElseThrow(() -> new Failed("holder CT " + holder.vmid()
                + " keeps no volume: " + held));
        CliRunner.Run back = apply(declaration);
        JsonNode config = config();
        String returned = shareVolume(config).orElseThrow(() -> new Failed("the container came back without a share"));
        require(sizeOf(config, returned).equals(size), "the share came back with size " + sizeOf(config, returned)
                + ", not " + size);
        require(back.stdout().contains("taken back from CT " + holder.vmid()), "pxci does not say it took mp0 back from CT "
                + holder.vmid() + ": " + back.tail());
        require(holder().isEmpty(), "the holder is still there after the share was taken back");
        require(!onStorage(keptAs), keptAs + " is still on the storage beside " + returned);
        return "share " + volume + " kept as " + keptAs + " in holder CT " + holder.vmid() + ", taken back as " + returned;
    }

    private String replacement() {
        String before = mark(config());
        Optional<String> share = shareVolume(config());
        declaration = declaration.shrunk().terminating(false);
        CliRunner.Run refused = cli.run(CLI_TIMEOUT, "apply", "--config", config(declaration), "--stage", "provision",
                "--output", "json");
        require(refused.exitCode() != 0, "a shrink without TERMINATE=yes was applied (exit 0)");
        require(mark(config()).equals(before), "the container was replaced without TERMINATE=yes");
        declaration = declaration.terminating(true);
        CliRunner.Run run = apply(declaration);
        JsonNode config = config();
        require(!mark(config).equals(before), "the container was not made anew: " + run.tail());
        require(config.path("rootfs").asText().contains("size=" + declaration.diskGiB() + "G"),
                "the new root disk is " + config.path("rootfs").asText());
        share.ifPresent(volume -> require(shareVolume(config).isPresent() && run.stdout().contains("taken back"),
                "the replacement lost share " + volume + ": mp0 is " + config.path("mp0").asText("none")));
        return "refused without TERMINATE (exit " + refused.exitCode() + "); replaced with a " + declaration.diskGiB()
                + " GiB disk" + share.map(v -> ", share kept and taken back").orElse("") + " in " + seconds(run);
    }

    private String destroyWithPurge() {
        Optional<String> share = exists() ? shareVolume(config()) : Optional.empty();
        CliRunner.Run run = cli.run(CLI_TIMEOUT, "destroy", "--yes", "--purge-shares", "--config", config(declaration),
                "--output", "json");
        require(run.exitCode() == 0, "destroy --purge-shares exited " + run.exitCode() + ": " + run.tail());
        require(!exists(), "the container is still there");
        require(holder().isEmpty(), "a holder is left after a purging destroy");
        share.ifPresent(volume -> require(!onStorage(volume), "share " + volume + " is still on the storage"));
        return "gone" + share.map(v -> ", share " + v + " deleted").orElse("") + " in " + seconds(run);
    }

    private CliRunner.Run apply(Declaration wanted) {
        CliRunner.Run run = cli.run(CLI_TIMEOUT, "apply", "--config", config(wanted), "--stage", "provision",
                "--output", "json");
        require(run.exitCode() == 0, "apply exited " + run.exitCode() + ": " + run.tail());
        return run;
    }

    private String config(Declaration wanted) {
        declared.accept(wanted);
        return wanted.write(settings, work).toString();
    }

    private JsonNode config() {
        return api.get(vmPath + "/config");
    }

    private boolean running() {
        return api.get(vmPath + "/status/current").path("status").asText().equals("running");
    }

    private boolean exists() {
        for (JsonNode entry : api.get("/cluster/resources", "type", "vm")) {
            if (entry.path("vmid").asInt() == settings.ids().first()) {
                return true;
            }
        }
        return false;
    }

    private Optional<RangeGuard.Guest> holder() {
        String name = "pxci-shares-" + settings.ids().first();
        return new RangeGuard(api, settings.ids()).scan().ours().stream().filter(g -> g.name().equals(name)).findFirst();
    }

    private static Optional<String> shareVolume(JsonNode config) {
        for (Iterator<String> keys = config.fieldNames(); keys.hasNext(); ) {
            String key = keys.next();
            String value = config.path(key).asText();
            if (key.matches("mp\\d+") && value.contains("mp=/share")) {
                return Optional.of(value.split(",")[0].replaceFirst("^volume=", ""));
            }
        }
        return Optional.empty();
    }

    /** The volume a holder keeps in an {@code mpN} or {@code unusedN} slot. */
    private static Optional<String> heldVolume(JsonNode config, int holder) {
        for (Iterator<String> keys = config.fieldNames(); keys.hasNext(); ) {
            String key = keys.next();
            String volume = config.path(key).asText().split(",")[0].replaceFirst("^volume=", "");
            if (key.matches("(mp|unused)\\d+") && volume.contains("vm-" + holder + "-")) {
                return Optional.of(volume);
            }
        }
        return Optional.empty();
    }

    /** The {@code size=} of the mount point holding {@code volume}. */
    private static String sizeOf(JsonNode config, String volume) {
        for (Iterator<String> keys = config.fieldNames(); keys.hasNext(); ) {
            String value = config.path(keys.next()).asText();
            Matcher m = Pattern.compile("(?:^|,)size=([^,]+)").matcher(value);
            if (value.startsWith(volume) && m.find()) {
                return m.group(1);
            }
        }
        return "?";
    }

    private boolean onStorage(String volume) {
        for (JsonNode item : api.get("/nodes/" + settings.node() + "/storage/" + settings.storage() + "/content")) {
            if (item.path("volid").asText().equals(volume)) {
                return true;
            }
        }
        return false;
    }

    private static String mark(JsonNode config) {
        Matcher m = MARK.matcher(config.path("description").asText());
        return m.find() ? m.group() : "no pxci mark";
    }

    private static String seconds(CliRunner.Run run) {
        return String.format(java.util.Locale.ROOT, "%.1f s", run.elapsed().toMillis() / 1000.0);
    }

    private static void require(boolean condition, String failure) {
        if (!condition) {
            throw new Failed(failure);
        }
    }
}
