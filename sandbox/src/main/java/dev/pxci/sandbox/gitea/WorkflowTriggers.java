package dev.pxci.sandbox.gitea;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Reads the workflow files of a commit ({@code .gitea/workflows/*.yml|yaml}, or
 * {@code .github/workflows} when the former is absent, as Gitea does) and decides which of them a
 * push or a dispatch starts.
 */
final class WorkflowTriggers {
    /** The commit-message markers that suppress push-triggered runs (Gitea's default SKIP_WORKFLOW_STRINGS). */
    private static final List<String> SKIP_MARKERS =
            List.of("[skip ci]", "[ci skip]", "[no ci]", "[skip actions]", "[actions skip]");

    private WorkflowTriggers() {
    }

    /** One workflow file at a commit, the directory it is in, its parsed {@code on} section and its text. */
    record Workflow(String directory, String fileName, Object on, String text) {
        boolean dispatchable() {
            return hasEvent("workflow_dispatch");
        }

        boolean startsOnPushTo(String branch) {
            if (!hasEvent("push")) {
                return false;
            }
            if (on instanceof Map<?, ?> events && events.get("push") instanceof Map<?, ?> push) {
                Object branches = push.get("branches");
                if (branches != null) {
                    return asList(branches).stream().anyMatch(p -> glob(p).matcher(branch).matches());
                }
                Object ignored = push.get("branches-ignore");
                if (ignored != null) {
                    return asList(ignored).stream().noneMatch(p -> glob(p).matcher(branch).matches());
                }
            }
            return true;
        }

        private boolean hasEvent(String event) {
            if (on instanceof String single) {
                return single.equals(event);
            }
            if (on instanceof List<?> list) {
                return list.contains(event);
            }
            return on instanceof Map<?, ?> map && map.containsKey(event);
        }
    }

    static boolean skipsCi(String commitMessage) {
        String lower = commitMessage.toLowerCase(Locale.ROOT);
        return SKIP_MARKERS.stream().anyMatch(lower::contains);
    }

    /** The workflows in the commit's tree, in file-name order. */
    static List<Workflow> read(Repository git, ObjectId commitId) throws IOException {
        try (RevWalk walk = new RevWalk(git)) {
            RevCommit commit = walk.parseCommit(commitId);
            List<Workflow> found = workflowsUnder(git, commit, ".gitea/workflows");
            return found.isEmpty() ? workflowsUnder(git, commit, ".github/workflows") : found;
        }
    }

    static Optional<Workflow> find(Repository git, ObjectId commitId, String fileName) throws IOException {
        return read(git, commitId).stream().filter(w -> w.fileName().equals(fileName)).findFirst();
    }

    /** The text of one workflow file at a commit. */
    static Optional<String> text(Repository git, ObjectId commitId, String fileName) throws IOException {
        return find(git, commitId, fileName).map(Workflow::text);
    }

    private static List<Workflow> workflowsUnder(Repository git, RevCommit commit, String dir) throws IOException {
        List<Workflow> workflows = new ArrayList<>();
        try (TreeWalk dirWalk = TreeWalk.forPath(git, dir, commit.getTree())) {
            if (dirWalk == null || dirWalk.getFileMode(0) != FileMode.TREE) {
                return workflows;
            }
            try (TreeWalk files = new TreeWalk(git)) {
                files.addTree(dirWalk.getObjectId(0));
                while (files.next()) {
                    String name = files.getNameString();
                    if (files.getFileMode(0).getObjectType() == org.eclipse.jgit.lib.Constants.OBJ_BLOB
                            && (name.endsWith(".yml") || name.endsWith(".yaml"))) {
                        String text = new String(git.open(files.getObjectId(0)).getBytes(), StandardCharsets.UTF_8);
                        workflows.add(new Workflow(dir, name, onSection(text), text));
                    }
                }
            }
        }
        return workflows;
    }

    private static Object onSection(String yamlText) {
        Object doc;
        try {
            doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(yamlText);
        } catch (RuntimeException e) {
            return null; // Gitea ignores a workflow it cannot parse for triggering
        }
        if (!(doc instanceof Map<?, ?> map)) {
            return null;
        }
        // YAML 1.1 reads the bare key "on" as boolean true
        return map.containsKey("on") ? map.get("on") : map.get(Boolean.TRUE);
    }

    private static List<String> asList(Object value) {
        if (value instanceof List<?> list) {
            return list.stream().map(String::valueOf).toList();
        }
        return List.of(String.valueOf(value));
    }

    /** A branch filter pattern: {@code *} matches within a path segment, {@code **} across them. */
    private static Pattern glob(String pattern) {
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '*' && i + 1 < pattern.length() && pattern.charAt(i + 1) == '*') {
                regex.append(".*");
                i++;
            } else if (c == '*') {
                regex.append("[^/]*");
            } else if (c == '?') {
                regex.append("[^/]");
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString());
    }
}
