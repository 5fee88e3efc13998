package dev.pxci.sandbox.lxc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AptCacheTest {

    @TempDir
    Path apt;

    @Test
    void theMirrorsAreTheHttpOnesTheHostsSourcesName() throws Exception {
        Files.createDirectories(apt.resolve("sources.list.d"));
        Files.writeString(apt.resolve("sources.list.d/debian.sources"), """
                Types: deb
                URIs: http://deb.debian.org/debian
                Suites: bookworm bookworm-updates
                Components: main

                Types: deb
                URIs: http://deb.debian.org/debian-security/
                Suites: bookworm-security
                """);
        Files.writeString(apt.resolve("sources.list"), """
                # a comment
                deb [arch=amd64] http://mirror.example/debian bookworm main
                deb https://secure.example/debian bookworm main
                """);

        assertThat(AptCache.hostMirrors(apt)).containsExactly("http://mirror.example/debian",
                "http://deb.debian.org/debian", "http://deb.debian.org/debian-security");
    }
}
