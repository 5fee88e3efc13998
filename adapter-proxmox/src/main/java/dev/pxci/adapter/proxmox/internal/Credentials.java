package dev.pxci.adapter.proxmox.internal;

import dev.pxci.ports.Secret;
import java.util.Objects;

/** How the adapter authenticates: an API token, or a user and password that buy a ticket. */
public sealed interface Credentials {

    /** The identity that appears in permission errors ({@code root@pam!ci}, {@code root@pam}). */
    String identity();

    /** {@code USER@REALM!TOKENID} and its secret; sent as {@code Authorization: PVEAPIToken=...}. */
    record ApiToken(String tokenId, Secret secret) implements Credentials {
        public ApiToken {
            Objects.requireNonNull(tokenId, "tokenId");
            Objects.requireNonNull(secret, "secret");
        }

        @Override
        public String identity() {
            return tokenId;
        }
    }

    /** {@code USER@REALM} and password, exchanged for a ticket at {@code POST /access/ticket}. */
    record Password(String user, Secret password) implements Credentials {
        public Password {
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(password, "password");
        }

        @Override
        public String identity() {
            return user;
        }
    }
}
