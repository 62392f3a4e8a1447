package io.wharf.scan.clair;

import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;

/**
 * Where Clair is and how long a scan may wait for it, from MicroProfile Config (environment
 * variables such as {@code SCANNER_CLAIR_URL} map to {@code scanner.clair.url}). Nothing is
 * required until a scan uses Clair, so Wharf starts without any of it.
 *
 * @param url            {@code scanner.clair.url}: Clair's base URL (combined or split indexer and
 *                       matcher behind one address), e.g. {@code http://clair:6060}; no default
 * @param timeout        {@code scanner.clair.timeout.seconds} (600): how long indexing may take, all polls included
 * @param pollInterval   {@code scanner.clair.poll.interval.ms} (2000): pause between index report polls
 * @param connectTimeout {@code scanner.clair.connect.timeout.ms} (5000)
 * @param readTimeout    {@code scanner.clair.read.timeout.seconds} (300): one answer; Clair may hold the
 *                       index request open until the image is indexed
 */
public record ClairSettings(Optional<String> url, Duration timeout, Duration pollInterval,
                            Duration connectTimeout, Duration readTimeout) {
    public static final String URL = "scanner.clair.url";
    public static final String TIMEOUT_SECONDS = "scanner.clair.timeout.seconds";
    public static final String POLL_INTERVAL_MS = "scanner.clair.poll.interval.ms";
    public static final String CONNECT_TIMEOUT_MS = "scanner.clair.connect.timeout.ms";
    public static final String READ_TIMEOUT_SECONDS = "scanner.clair.read.timeout.seconds";

    static final long DEFAULT_TIMEOUT_SECONDS = 600;
    static final long DEFAULT_POLL_INTERVAL_MS = 2000;
    static final long DEFAULT_CONNECT_TIMEOUT_MS = 5000;
    static final long DEFAULT_READ_TIMEOUT_SECONDS = 300;

    public ClairSettings {
        url = url.map(String::strip).filter(s -> !s.isEmpty());
    }

    /** Reads the settings now (so a changed value counts from the next scan on). */
    public static ClairSettings from(Config config) {
        return new ClairSettings(
                config.getOptionalValue(URL, String.class),
                Duration.ofSeconds(positive(config, TIMEOUT_SECONDS, DEFAULT_TIMEOUT_SECONDS)),
                Duration.ofMillis(positive(config, POLL_INTERVAL_MS, DEFAULT_POLL_INTERVAL_MS)),
                Duration.ofMillis(positive(config, CONNECT_TIMEOUT_MS, DEFAULT_CONNECT_TIMEOUT_MS)),
                Duration.ofSeconds(positive(config, READ_TIMEOUT_SECONDS, DEFAULT_READ_TIMEOUT_SECONDS)));
    }

    /** A configured number, or the default when it is missing, not a number, or not above zero. */
    private static long positive(Config config, String key, long fallback) {
        try {
            return config.getOptionalValue(key, Long.class).filter(v -> v > 0).orElse(fallback);
        } catch (IllegalArgumentException notANumber) {
            return fallback;
        }
    }
}
