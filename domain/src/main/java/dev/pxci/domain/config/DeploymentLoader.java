package dev.pxci.domain.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Builds a {@link Deployment} from configuration texts: one container file, or the files of a
 * directory (one {@code .env} per container, plus an optional {@code defaults.env} each inherits).
 * The caller reads the files; this class only interprets them.
 */
public final class DeploymentLoader {
    /** The name of the file whose keys every container of a directory inherits. */
    public static final String DEFAULTS_FILE = "defaults.env";

    private DeploymentLoader() {
    }

    /** A deployment of one container declared in one file. */
    public static Deployment single(SourceText file) {
        return new Deployment(List.of(DeclarationParser.parse(Map.of(), EnvFileParser.parse(file), file.name())));
    }

    /** A deployment of every container file, each over the defaults when given. */
    public static Deployment directory(Optional<SourceText> defaults, List<SourceText> containerFiles) {
        Map<String, EnvEntry> inherited = defaults.map(EnvFileParser::parse).orElse(Map.of());
        List<ContainerDeclaration> containers = new ArrayList<>();
        for (SourceText file : containerFiles) {
            containers.add(DeclarationParser.parse(inherited, EnvFileParser.parse(file), file.name()));
        }
        return new Deployment(containers);
    }
}
