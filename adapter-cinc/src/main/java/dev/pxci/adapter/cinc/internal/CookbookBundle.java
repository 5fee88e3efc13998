package dev.pxci.adapter.cinc.internal;

import dev.pxci.ports.ErrorCode;
import dev.pxci.ports.PxciException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The cookbooks of a local bundle and the run list checked against them. The bundle is either a
 * directory whose subdirectories with a {@code metadata.rb} (or {@code metadata.json}) are the
 * cookbooks, or a repository with such a {@code cookbooks/} directory. Only those directories are
 * shipped, so that a sibling that is not a cookbook (an Ansible role, a README) never reaches the
 * client, which would refuse it.
 *
 * @param cookbooks cookbook name to local directory
 * @param runList the run list in the client's form ({@code recipe[config::runner]})
 */
public record CookbookBundle(Map<String, Path> cookbooks, List<String> runList) {
    private static final Pattern ENTRY = Pattern.compile(
            "(?:recipe\\[([A-Za-z0-9_.-]+)(?:::([A-Za-z0-9_-]+))?\\]|([A-Za-z0-9_.-]+)(?:::([A-Za-z0-9_-]+))?)");

    public CookbookBundle {
        cookbooks = Map.copyOf(cookbooks);
        runList = List.copyOf(runList);
    }

    /** Reads the bundle and checks every run-list entry names a cookbook and recipe in it. */
    public static CookbookBundle of(Path bundle, List<String> runList) {
        if (!Files.isDirectory(bundle)) {
            throw new PxciException(ErrorCode.INVALID_INPUT, "the bundle " + bundle + " is not a directory");
        }
        Path root = Files.isDirectory(bundle.resolve("cookbooks")) ? bundle.resolve("cookbooks") : bundle;
        Map<String, Path> cookbooks = new TreeMap<>();
        try (Stream<Path> children = Files.list(root)) {
            children.filter(Files::isDirectory)
                    .filter(d -> Files.isRegularFile(d.resolve("metadata.rb")) || Files.isRegularFile(d.resolve("metadata.json")))
                    .forEach(d -> cookbooks.put(d.getFileName().toString(), d));
        } catch (IOException e) {
            throw new PxciException(ErrorCode.INVALID_INPUT, "cannot list the bundle " + root + ": " + e.getMessage());
        }
        if (cookbooks.isEmpty()) {
            throw new PxciException(ErrorCode.INVALID_INPUT,
                    "the bundle " + bundle + " holds no cookbook (no subdirectory with a metadata.rb)",
                    "point the bundle at the directory holding the cookbooks, such as infra/");
        }
        if (runList.isEmpty()) {
            throw new PxciException(ErrorCode.INVALID_INPUT, "the run list is empty",
                    "name at least one recipe, such as recipe[config]");
        }
        List<String> normalized = new ArrayList<>();
        for (String entry : runList) {
            normalized.add(normalize(entry.trim(), cookbooks, bundle));
        }
        return new CookbookBundle(cookbooks, normalized);
    }

    /** The run list as the value of {@code --override-runlist}. */
    public String runListArgument() {
        return String.join(",", runList);
    }

    private static String normalize(String entry, Map<String, Path> cookbooks, Path bundle) {
        Matcher m = ENTRY.matcher(entry);
        if (!m.matches()) {
            throw new PxciException(ErrorCode.INVALID_INPUT, "run-list entry '" + entry
                    + "' is not a recipe", "write recipe[cookbook] or recipe[cookbook::recipe]");
        }
        String cookbook = m.group(1) != null ? m.group(1) : m.group(3);
        String recipe = m.group(1) != null ? m.group(2) : m.group(4);
        Path dir = cookbooks.get(cookbook);
        if (dir == null) {
            throw new PxciException(ErrorCode.INVALID_INPUT, "run-list entry '" + entry + "' names cookbook '"
                    + cookbook + "', which the bundle " + bundle + " does not hold; it holds " + cookbooks.keySet());
        }
        String recipeName = recipe == null ? "default" : recipe;
        if (!Files.isRegularFile(dir.resolve("recipes").resolve(recipeName + ".rb"))) {
            throw new PxciException(ErrorCode.INVALID_INPUT, "run-list entry '" + entry + "' names recipe '"
                    + recipeName + "', but " + dir.resolve("recipes") + " has no " + recipeName + ".rb");
        }
        return recipe == null ? "recipe[" + cookbook + "]" : "recipe[" + cookbook + "::" + recipe + "]";
    }
}
