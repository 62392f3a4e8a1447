package io.wharf.registry;

import io.wharf.redis.RedisConnection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Optional;
import java.util.logging.Logger;
import org.redisson.client.codec.StringCodec;

/**
 * What the gateway knows of each blob upload in progress: how many bytes the registry holds and
 * its latest {@code _state} (Distribution signs the upload's offset into that query parameter and
 * cancels an upload whose {@code _state} is stale). With it the gateway answers 416 to a chunk
 * that does not start where the upload ends (Distribution 2.8 would cancel the upload) and relays
 * a client's request with the latest state, so that a status {@code GET} on an older
 * {@code Location} answers like the spec says. Kept in Redis, shared by every Wharf server; an
 * upload Wharf does not know (Redis down, an old upload) passes through unchanged.
 */
@ApplicationScoped
public class UploadSessions {
    private static final Logger LOG = Logger.getLogger(UploadSessions.class.getName());
    private static final String PREFIX = "wharf:upload:";
    /** Distribution purges unfinished uploads after a week; a day covers any client's pause. */
    private static final Duration KEEP = Duration.ofDays(1);

    @Inject RedisConnection redis;

    /** An upload: bytes received so far, and the registry's latest {@code _state} (may be null). */
    public record Upload(long size, String state) {}

    public Optional<Upload> find(String uuid) {
        if (uuid == null || uuid.isEmpty()) return Optional.empty();
        try {
            String value = redis.client().<String>getBucket(PREFIX + uuid, StringCodec.INSTANCE).get();
            if (value == null) return Optional.empty();
            int nl = value.indexOf('\n');
            String state = value.substring(nl + 1);
            return Optional.of(new Upload(Long.parseLong(value.substring(0, nl)), state.isEmpty() ? null : state));
        } catch (RuntimeException e) {
            LOG.fine("Upload " + uuid + " not looked up: " + e.getMessage());
            return Optional.empty();
        }
    }

    public void remember(String uuid, Upload upload) {
        if (uuid == null || uuid.isEmpty()) return;
        try {
            redis.client().getBucket(PREFIX + uuid, StringCodec.INSTANCE)
                    .set(upload.size() + "\n" + (upload.state() == null ? "" : upload.state()), KEEP);
        } catch (RuntimeException e) {
            LOG.fine("Upload " + uuid + " not remembered: " + e.getMessage());
        }
    }

    public void forget(String uuid) {
        if (uuid == null || uuid.isEmpty()) return;
        try {
            redis.client().getBucket(PREFIX + uuid, StringCodec.INSTANCE).delete();
        } catch (RuntimeException e) {
            LOG.fine("Upload " + uuid + " not forgotten: " + e.getMessage());
        }
    }

    /** The {@code _state} parameter of a registry {@code Location}, still URL-encoded, or null. */
    public static String stateOf(String location) {
        if (location == null) return null;
        int q = location.indexOf('?');
        if (q < 0) return null;
        for (String param : location.substring(q + 1).split("&")) {
            if (param.startsWith("_state=")) return param.substring("_state=".length());
        }
        return null;
    }

    /** A raw query with its {@code _state} replaced by {@code state} (added when it had none). */
    public static String withState(String rawQuery, String state) {
        StringBuilder out = new StringBuilder("_state=").append(state);
        if (rawQuery != null) {
            for (String param : rawQuery.split("&")) {
                if (!param.isEmpty() && !param.startsWith("_state=")) out.append('&').append(param);
            }
        }
        return out.toString();
    }

    /** Where a {@code Content-Range} ({@code start-end}) starts, or -1 when it is absent or malformed. */
    public static long rangeStart(String contentRange) {
        if (contentRange == null) return -1;
        String value = contentRange.trim();
        if (value.startsWith("bytes ")) value = value.substring(6);
        int dash = value.indexOf('-');
        try {
            return dash <= 0 ? -1 : Long.parseLong(value.substring(0, dash));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Where a {@code Content-Range} ends (inclusive), or -1. */
    public static long rangeEnd(String contentRange) {
        if (contentRange == null) return -1;
        int dash = contentRange.indexOf('-');
        int slash = contentRange.indexOf('/');
        try {
            return dash < 0 ? -1 : Long.parseLong(contentRange.substring(dash + 1, slash < 0 ? contentRange.length() : slash).trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
