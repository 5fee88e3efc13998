package dev.pxci.sandbox;

import java.io.IOException;
import java.io.InputStream;
import org.apache.hc.core5.http.HttpEntity;

/**
 * Request bodies read with a bound, so that a client cannot make a simulator hold more than it
 * would ever accept: a body whose declared length is over the bound is refused before a byte of
 * it is read, and one of unknown length is read only up to the bound.
 */
public final class RequestBodies {
    private RequestBodies() {
    }

    /** The body is larger than {@code limit} bytes. */
    public static final class TooLarge extends IOException {
        private static final long serialVersionUID = 1L;

        TooLarge(long limit) {
            super("request body larger than " + limit + " bytes");
        }
    }

    /** Whether {@code entity} declares a length over {@code limit} (without reading it). */
    public static boolean declaredOver(HttpEntity entity, long limit) {
        return entity != null && entity.getContentLength() > limit;
    }

    /** The whole body, at most {@code limit} bytes; empty without an entity. */
    public static byte[] read(HttpEntity entity, int limit) throws IOException {
        if (entity == null) {
            return new byte[0];
        }
        if (declaredOver(entity, limit)) {
            throw new TooLarge(limit);
        }
        try (InputStream in = entity.getContent()) {
            if (in == null) {
                return new byte[0];
            }
            byte[] body = in.readNBytes(limit + 1);
            if (body.length > limit) {
                throw new TooLarge(limit);
            }
            return body;
        }
    }
}
