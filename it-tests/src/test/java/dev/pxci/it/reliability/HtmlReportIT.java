package dev.pxci.it.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pxci.ports.platform.ContainerPlatform;
import dev.pxci.sandbox.pve.PveFaults;
import dev.pxci.sandbox.pve.PveSimulator;
import dev.pxci.sandbox.pve.TaskDurations;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code apply --report run.html} of four containers at once, one waiting for a lock that clears
 * and one whose create fails, the page loaded in headless Chromium (Debian's {@code chromium}) and
 * its rendered timeline read back from the DOM after the page's script ran.
 */
class HtmlReportIT {
    private static final int FIRST_ID = 7101;
    private static final int LOCKED = FIRST_ID;
    private static final int FAILING = FIRST_ID + 2;
    private static final Pattern TAG = Pattern.compile("<(div|p|body)\\b([^>]*)>");
    private static final Pattern ATTRIBUTE = Pattern.compile("([\\w-]+)=\"([^\"]*)\"");

    @TempDir
    Path dir;
    private PveSimulator pve;
    private ContainerPlatform platform;
    private Path project;

    @BeforeEach
    void start() throws IOException {
        pve = PveSimulator.builder().taskDurations(TaskDurations.uniform(Duration.ofMillis(300))).start();
        platform = Pve.platform(pve, Map.of());
        project = Files.createDirectories(dir.resolve("project"));
        Path deployment = Files.createDirectories(project.resolve("deployment"));
        for (int i = 0; i < 4; i++) {
            Files.writeString(deployment.resolve("ct" + i + ".env"), "ID=" + (FIRST_ID + i) + "\nHOSTNAME=web" + i
                    + "\nIP=10.21.0." + (10 + i) + "/24\nMEMORY=256\nSWAP=0\n");
        }
    }

    @AfterEach
    void stop() {
        platform.close();
        pve.close();
    }

    @Test
    void theTimelineShowsWhatRanAtOnceWhatWaitedForALockAndWhatFailed() throws Exception {
        platform.create(Pve.spec(LOCKED, "web0"));
        pve.faults().stuckLock(LOCKED, "backup");
        pve.faults().taskFault(PveFaults.TaskFault.failing("vzcreate", FAILING, "unable to create CT " + FAILING
                + " - no space left on device", List.of()));
        PxciProcess cli = PxciProcess.start(project, PxciProcess.proxmoxEnvironment(pve), dir.resolve("tmp"),
                dir.resolve("logs"), "apply", "--config", "deployment", "--stage", "provision", "--parallelism", "4",
                "--report", "run.html");
        // the lock clears a second after the run began to wait for it
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (!cli.stdoutSoFar().contains("wait for the 'backup' lock on CT " + LOCKED) && cli.isAlive()
                && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        Thread.sleep(1000);
        pve.faults().releaseLock(LOCKED);
        PxciProcess.Result run = cli.await(Duration.ofMinutes(2));

        assertThat(run.exitCode()).as(run.all()).isEqualTo(1);
        Path page = project.resolve("run.html");
        String source = Files.readString(page, StandardCharsets.UTF_8);
        assertThat(source).as("self-contained: nothing to fetch").doesNotContain(" src=", " href=", "<link", "@import", "url(");

        List<Map<String, String>> dom = tags(renderedDom(page));
        assertThat(dom).as("the page's script ran").anyMatch(t -> "true".equals(t.get("data-rendered")));
        List<Map<String, String>> stages = dom.stream().filter(t -> t.containsKey("data-stage")).toList();
        List<Map<String, String>> tasks = dom.stream().filter(t -> t.containsKey("data-task")).toList();

        assertThat(dom.stream().filter(t -> t.containsKey("data-target")).map(t -> t.get("data-target")))
                .containsExactlyInAnyOrder("7101 web0", "7102 web1", "7103 web2", "7104 web3");
        assertThat(stages).extracting(t -> t.get("lane") + " " + t.get("data-stage") + " " + t.get("data-outcome"))
                .containsExactlyInAnyOrder("7101 web0 provision changed", "7102 web1 provision changed",
                        "7103 web2 provision failed", "7104 web3 provision changed");
        assertThat(tasks).filteredOn(t -> t.get("lane").equals("7103 web2") && t.get("data-task").equals("create CT 7103"))
                .singleElement().satisfies(t -> assertThat(t.get("data-ok")).isEqualTo("false"));
        assertThat(tasks).as(run.all()).filteredOn(t -> "lock-wait".equals(t.get("data-kind"))).singleElement().satisfies(t -> {
            assertThat(t.get("lane")).isEqualTo("7101 web0");
            assertThat(t.get("data-task")).contains("'backup' lock on CT 7101");
            assertThat(millis(t, "data-end-ms") - millis(t, "data-start-ms")).as("waited until the lock cleared")
                    .isGreaterThanOrEqualTo(1000);
        });

        Map<String, String> summary = dom.stream().filter(t -> t.containsKey("data-most-at-once")).findFirst().orElseThrow();
        int atOnce = mostAtOnce(stages);
        assertThat(atOnce).as("the four containers were worked on in parallel").isGreaterThanOrEqualTo(2);
        assertThat(summary.get("data-most-at-once")).isEqualTo(Integer.toString(atOnce));
        assertThat(summary.get("data-failed")).isEqualTo("1");
        assertThat(summary.get("data-lock-waits")).isEqualTo("1");
    }

    /** The page as Chromium rendered it, after its script ran ({@code --dump-dom}), with a fresh profile. */
    private String renderedDom(Path page) throws Exception {
        Path profile = Files.createDirectories(dir.resolve("chromium-profile"));
        Process chromium = new ProcessBuilder("chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile, "--dump-dom", page.toUri().toString())
                .redirectError(dir.resolve("chromium.log").toFile()).start();
        chromium.getOutputStream().close();
        byte[] dom = chromium.getInputStream().readAllBytes();
        assertThat(chromium.waitFor(60, TimeUnit.SECONDS)).as("chromium finished").isTrue();
        assertThat(chromium.exitValue()).as(Files.readString(dir.resolve("chromium.log"))).isZero();
        return new String(dom, StandardCharsets.UTF_8);
    }

    /** The attributes of every div, p and body, each div also with the lane (data-target) it is in. */
    private static List<Map<String, String>> tags(String dom) {
        List<Map<String, String>> tags = new ArrayList<>();
        String lane = "";
        Matcher tag = TAG.matcher(dom);
        while (tag.find()) {
            Map<String, String> attributes = new LinkedHashMap<>();
            Matcher a = ATTRIBUTE.matcher(tag.group(2));
            while (a.find()) {
                attributes.put(a.group(1), a.group(2).replace("&amp;", "&").replace("&quot;", "\"").replace("&#39;", "'"));
            }
            lane = attributes.getOrDefault("data-target", lane);
            attributes.put("lane", lane);
            tags.add(attributes);
        }
        return tags;
    }

    /** The most stage bars that overlap one moment, from their drawn start and end. */
    private static int mostAtOnce(List<Map<String, String>> stages) {
        int most = 0;
        for (Map<String, String> a : stages) {
            long at = millis(a, "data-start-ms");
            most = Math.max(most, (int) stages.stream()
                    .filter(b -> millis(b, "data-start-ms") <= at && at < millis(b, "data-end-ms")).count());
        }
        return most;
    }

    private static long millis(Map<String, String> tag, String attribute) {
        return Long.parseLong(tag.get(attribute));
    }
}
