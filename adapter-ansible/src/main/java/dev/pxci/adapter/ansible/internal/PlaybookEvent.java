package dev.pxci.adapter.ansible.internal;

import java.util.Map;

/** One line of the {@code ansible.posix.jsonl} stdout callback, decoded. */
public sealed interface PlaybookEvent {
    record PlayStarted(String name) implements PlaybookEvent {
    }

    record TaskStarted(String name) implements PlaybookEvent {
    }

    record Result(TaskResult result) implements PlaybookEvent {
    }

    record Recap(Map<String, HostStats> hosts) implements PlaybookEvent {
        public Recap {
            hosts = Map.copyOf(hosts);
        }
    }
}
