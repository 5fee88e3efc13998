package dev.pxci.adapter.shell;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Keys made by OpenSSH's own ssh-keygen, so the tests read exactly what users have. */
final class SshKeys {
    private SshKeys() {
    }

    /** Generates a key pair; returns the private key file ({@code .pub} beside it). */
    static Path generate(Path dir, String name, String type, String passphrase) {
        Path key = dir.resolve(name);
        if (type.equals("rsa")) {
            TestProcesses.run("ssh-keygen", "-q", "-t", "rsa", "-b", "2048", "-N", passphrase, "-C", name, "-f", key.toString());
        } else {
            TestProcesses.run("ssh-keygen", "-q", "-t", type, "-N", passphrase, "-C", name, "-f", key.toString());
        }
        return key;
    }

    static Path publicKey(Path privateKey) {
        return privateKey.resolveSibling(privateKey.getFileName() + ".pub");
    }

    /** The SHA-256 fingerprint of a key as {@code ssh-keygen -l} prints it. */
    static String fingerprint(Path key) {
        String line = TestProcesses.run("ssh-keygen", "-l", "-E", "sha256", "-f", publicKey(key).toString());
        return line.split(" ")[1];
    }

    static String publicKeyLine(Path privateKey) {
        try {
            return Files.readString(publicKey(privateKey)).trim();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
