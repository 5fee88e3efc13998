package dev.pxci.it.reliability;

import dev.pxci.adapter.proxmox.ProxmoxPlatformFactory;
import dev.pxci.ports.Secret;
import dev.pxci.ports.platform.ContainerConfig;
import dev.pxci.ports.platform.ContainerPlatform;
import dev.pxci.ports.platform.ContainerSpec;
import dev.pxci.ports.platform.Features;
import dev.pxci.ports.platform.MountPoint;
import dev.pxci.ports.platform.NetworkInterface;
import dev.pxci.ports.platform.RootDisk;
import dev.pxci.sandbox.pve.PveSimulator;
import dev.pxci.sandbox.pve.TaskDurations;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/** The Proxmox VE simulator and the proxmox adapter pointed at it, as the reliability tests use them. */
final class Pve {
    /** Tasks end quickly unless a test makes one slow. */
    static final TaskDurations FAST = TaskDurations.uniform(Duration.ofMillis(30));

    private Pve() {
    }

    static PveSimulator simulator() {
        return PveSimulator.builder().taskDurations(FAST).start();
    }

    /** The adapter's settings for {@code sim}: API token, certificate pinned, plus {@code extra}. */
    static Map<String, String> settings(PveSimulator sim, Map<String, String> extra) {
        Map<String, String> plain = new HashMap<>();
        plain.put("proxmox.url", sim.baseUrl());
        plain.put("proxmox.token", sim.tokenId());
        plain.put("proxmox.fingerprint", sim.fingerprint());
        plain.putAll(extra);
        return plain;
    }

    /** The proxmox adapter with an API token, the certificate pinned, plus {@code extra} settings. */
    static ContainerPlatform platform(PveSimulator sim, Map<String, String> extra) {
        return new ProxmoxPlatformFactory().create(new dev.pxci.ports.spi.AdapterConfig(settings(sim, extra),
                Map.of("proxmox.secret", Secret.of(sim.tokenSecret()))));
    }

    /** The proxmox adapter logging in as root@pam with the password (ticket authentication). */
    static ContainerPlatform ticketPlatform(PveSimulator sim) {
        Map<String, String> plain = new HashMap<>();
        plain.put("proxmox.url", sim.baseUrl());
        plain.put("proxmox.user", "root@pam");
        plain.put("proxmox.fingerprint", sim.fingerprint());
        return new ProxmoxPlatformFactory().create(new dev.pxci.ports.spi.AdapterConfig(plain,
                Map.of("proxmox.password", Secret.of(sim.rootPassword()))));
    }

    /** A small container with one share volume, to be created on node pve from the stock Debian template. */
    static ContainerSpec spec(int vmid, String hostname) {
        ContainerConfig config = new ContainerConfig(hostname, 1, 512, 512, new RootDisk("local-lvm", 4),
                List.of(new MountPoint(0, "local-lvm", 2, "/share", true)),
                List.of(new NetworkInterface(0, "eth0", "vmbr0", "dhcp", Optional.empty(), OptionalInt.empty(), false)),
                Features.NONE, true, List.of("pxci"), false, Optional.empty());
        return new ContainerSpec(vmid, "pve", "local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst", config, List.of(),
                false);
    }

    /** Mutating requests the simulator has served (POST, PUT and DELETE). */
    static long writes(PveSimulator sim) {
        Map<String, Long> counts = sim.requestCounts();
        return counts.getOrDefault("POST", 0L) + counts.getOrDefault("PUT", 0L) + counts.getOrDefault("DELETE", 0L);
    }

    /**
     * Calls the simulator's API directly (for what the platform port does not offer, such as
     * turning a container into a template), trusting exactly its certificate.
     */
    static String call(PveSimulator sim, String method, String path, Map<String, String> form) {
        HttpClient http = HttpClient.newBuilder().sslContext(sim.certificate().clientContextTrustingOnlyThis()).build();
        StringBuilder body = new StringBuilder();
        new HashMap<>(form).forEach((k, v) -> body.append(body.length() == 0 ? "" : "&").append(k).append('=').append(v));
        HttpRequest request = HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/api2/json" + path))
                .header("Authorization", "PVEAPIToken=" + sim.tokenId() + "=" + sim.tokenSecret())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .method(method, HttpRequest.BodyPublishers.ofString(body.toString()))
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new AssertionError(method + " " + path + " answered " + response.statusCode() + ": " + response.body());
            }
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
