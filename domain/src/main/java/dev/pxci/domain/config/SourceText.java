package dev.pxci.domain.config;

import java.util.Objects;

/** The text of one configuration file and the name to use for it in messages. */
public record SourceText(String name, String content) {
    public SourceText {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(content, "content");
    }
}
