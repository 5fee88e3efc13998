package dev.pxci.cli;

import dev.pxci.domain.config.Deployment;
import dev.pxci.domain.config.DeploymentLoader;
import dev.pxci.domain.config.SourceText;
import dev.pxci.ports.ErrorCode;
import dev.pxci.ports.PxciException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** Reads the deployment's files: one env file, or a directory of them with an optional {@code defaults.env}. */
final class DeploymentFiles {
    private DeploymentFiles() {
    }

    static Deployment load(Path path) {
        try {
            if (Files.isDirectory(path)) {
                Optional<SourceText> defaults = Optional.empty();
                List<SourceText> containers = new ArrayList<>();
                try (Stream<Path> files = Files.list(path)) {
                    for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".env")).sorted().toList()) {
                        SourceText text = read(f);
                        if (f.getFileName().toString().equals(DeploymentLoader.DEFAULTS_FILE)) {
                            defaults = Optional.of(text);
                        } else {
                            containers.add(text);
                        }
                    }
                }
                if (containers.isEmpty()) {
                    throw new PxciException(ErrorCode.INVALID_INPUT, "no container files (*.env) in " + path,
                            "add one .env file per container, in the format of config.env");
                }
                return DeploymentLoader.directory(defaults, containers);
            }
            if (!Files.exists(path)) {
                throw new PxciException(ErrorCode.INVALID_INPUT, "configuration " + path + " does not exist",
                        "pass --config FILE or DIR, or run in a directory with a config.env");
            }
            return DeploymentLoader.single(read(path));
        } catch (IOException e) {
            throw new PxciException(ErrorCode.INVALID_INPUT, "cannot read " + path + ": " + e.getMessage());
        }
    }

    private static SourceText read(Path file) {
        return new SourceText(file.toString(), InputFile.read(file, "configuration"));
    }
}
