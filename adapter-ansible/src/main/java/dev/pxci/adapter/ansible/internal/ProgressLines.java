package dev.pxci.adapter.ansible.internal;

/** One readable line per playbook event, in the spirit of Ansible's default output. */
public final class ProgressLines {
    private ProgressLines() {
    }

    public static String describe(PlaybookEvent event) {
        if (event instanceof PlaybookEvent.PlayStarted p) {
            return "PLAY [" + p.name() + "]";
        }
        if (event instanceof PlaybookEvent.TaskStarted t) {
            return "TASK [" + t.name() + "]";
        }
        if (event instanceof PlaybookEvent.Result r) {
            return result(r.result());
        }
        StringBuilder out = new StringBuilder("RECAP");
        ((PlaybookEvent.Recap) event).hosts().forEach((host, s) -> out.append(' ').append(host).append(": ok=").append(s.ok())
                .append(" changed=").append(s.changed()).append(" unreachable=").append(s.unreachable())
                .append(" failed=").append(s.failures()).append(" skipped=").append(s.skipped()));
        return out.toString();
    }

    private static String result(TaskResult r) {
        return switch (r.status()) {
            case OK -> "ok: [" + r.host() + "]";
            case CHANGED -> "changed: [" + r.host() + "]";
            case SKIPPED -> "skipping: [" + r.host() + "]";
            case FAILED -> "failed: [" + r.host() + "]: " + r.message();
            case UNREACHABLE -> "unreachable: [" + r.host() + "]: " + r.message();
        };
    }
}
