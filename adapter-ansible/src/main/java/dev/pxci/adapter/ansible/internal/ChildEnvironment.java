package dev.pxci.adapter.ansible.internal;

import dev.pxci.ports.Secret;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The environment of an {@code ansible-playbook} process: the caller's, minus anything that could
 * carry a secret (every {@code PXCI_*} variable, which is where pxci reads its own secrets from, and
 * any variable whose value contains one of the run's secrets), plus the settings pxci relies on.
 */
public final class ChildEnvironment {
    private ChildEnvironment() {
    }

    public static Map<String, String> build(Map<String, String> inherited, Collection<Secret> secrets, Path runDirectory,
            boolean localOnly, Map<String, String> extra) {
        Map<String, String> env = new LinkedHashMap<>();
        inherited.forEach((name, value) -> {
            if (!name.startsWith("PXCI_") && secrets.stream().noneMatch(s -> !s.isEmpty() && value.contains(s.reveal()))) {
                env.put(name, value);
            }
        });
        env.put("ANSIBLE_STDOUT_CALLBACK", JsonLines.CALLBACK);
        env.put("ANSIBLE_JSON_INDENT", "0");
        env.put("ANSIBLE_NOCOLOR", "1");
        env.put("ANSIBLE_FORCE_COLOR", "0");
        env.put("ANSIBLE_NOCOWS", "1");
        env.put("ANSIBLE_HOST_KEY_CHECKING", "True");
        env.put("ANSIBLE_RETRY_FILES_ENABLED", "False");
        env.put("ANSIBLE_LOCAL_TEMP", runDirectory.resolve("tmp").toString());
        if (localOnly) {
            // module files (which hold the module arguments, secrets included) stay in the private run directory
            env.put("ANSIBLE_REMOTE_TEMP", runDirectory.resolve("remote").toString());
        }
        // one SSH connection per run and host instead of one per task; the master's socket lives in the
        // private run directory and the master exits after 10 s without use
        env.put("ANSIBLE_SSH_ARGS", "-o ControlMaster=auto -o ControlPersist=10s");
        env.put("ANSIBLE_SSH_CONTROL_PATH_DIR", runDirectory.resolve("cp").toString());
        env.put("PYTHONUNBUFFERED", "1");
        if (!isUtf8(effectiveLocale(env))) {
            env.put("LC_ALL", "C.UTF-8"); // ansible-core refuses to start with a non-UTF-8 locale
        }
        env.putAll(extra);
        return env;
    }

    /** For Ansible's helper programs ({@code ansible-doc}, {@code ansible-galaxy}): no secrets, a UTF-8 locale. */
    public static Map<String, String> forTools(Map<String, String> inherited) {
        Map<String, String> env = new LinkedHashMap<>();
        inherited.forEach((name, value) -> {
            if (!name.startsWith("PXCI_")) {
                env.put(name, value);
            }
        });
        env.put("ANSIBLE_NOCOLOR", "1");
        if (!isUtf8(effectiveLocale(env))) {
            env.put("LC_ALL", "C.UTF-8");
        }
        return env;
    }

    private static String effectiveLocale(Map<String, String> env) {
        for (String name : new String[] {"LC_ALL", "LC_CTYPE", "LANG"}) {
            String value = env.get(name);
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return null;
    }

    private static boolean isUtf8(String locale) {
        if (locale == null) {
            return false;
        }
        String l = locale.toLowerCase(Locale.ROOT);
        return l.contains("utf-8") || l.contains("utf8");
    }
}
