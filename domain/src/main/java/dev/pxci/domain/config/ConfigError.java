package dev.pxci.domain.config;

import dev.pxci.ports.ErrorCode;
import dev.pxci.ports.PxciException;

/** Builds the {@code INVALID_INPUT} errors of configuration files: file, line, key, what is accepted. */
final class ConfigError {
    private ConfigError() {
    }

    static PxciException at(String file, int line, String message, String hint) {
        return new PxciException(ErrorCode.INVALID_INPUT, file + ":" + line + ": " + message, hint);
    }

    static PxciException value(EnvEntry entry, String accepted) {
        return at(entry.file(), entry.line(),
                "invalid value '" + entry.value() + "' for " + entry.key(), entry.key() + " accepts " + accepted);
    }
}
