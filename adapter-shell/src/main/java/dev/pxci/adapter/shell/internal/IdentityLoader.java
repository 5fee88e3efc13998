package dev.pxci.adapter.shell.internal;

import dev.pxci.ports.ErrorCode;
import dev.pxci.ports.PxciException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.config.keys.FilePasswordProvider;
import org.apache.sshd.common.util.security.SecurityUtils;

/** Reads the private key named by {@code ssh.private-key}, decrypting it with {@code ssh.passphrase}. */
public final class IdentityLoader {
    private IdentityLoader() {
    }

    public static List<KeyPair> load(SshSettings settings) {
        if (settings.privateKey().isEmpty()) {
            return List.of();
        }
        Path file = settings.privateKey().get();
        AtomicBoolean asked = new AtomicBoolean();
        FilePasswordProvider passphrase = (session, resource, retry) -> {
            asked.set(true);
            return settings.passphrase().map(s -> s.reveal()).orElse(null);
        };
        List<KeyPair> keys = new ArrayList<>();
        try (InputStream in = Files.newInputStream(file)) {
            Iterable<KeyPair> loaded = SecurityUtils.loadKeyPairIdentities(null, NamedResource.ofName(file.toString()),
                    in, passphrase);
            if (loaded != null) {
                loaded.forEach(keys::add);
            }
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            if (asked.get() && settings.passphrase().isEmpty()) {
                throw invalid(SshSettings.PASSPHRASE, "is not set, but the private key " + file + " is encrypted");
            }
            if (asked.get()) {
                throw invalid(SshSettings.PASSPHRASE, "does not decrypt the private key " + file
                        + " (" + e.getClass().getSimpleName() + ")");
            }
            throw invalid(SshSettings.PRIVATE_KEY, "names " + file + ", which is not a private key this client can read ("
                    + e.getMessage() + "); use an OpenSSH key (ed25519, ECDSA or RSA)");
        }
        if (keys.isEmpty()) {
            throw invalid(SshSettings.PRIVATE_KEY, "names " + file + ", which holds no private key");
        }
        return List.copyOf(keys);
    }

    private static PxciException invalid(String key, String problem) {
        return new PxciException(ErrorCode.INVALID_INPUT, "setting '" + key + "' " + problem);
    }
}
