package io.wharf.scan.adapter;

import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;

/**
 * Where the scanner adapter is, its credential, and how long a scan may wait for it, from
 * MicroProfile Config (environment variables such as {@code SCANNER_ADAPTER_URL} map to
 * {@code scanner.adapter.url}). Nothing is required until a scan uses the adapter.
 *
 * @param url            {@code scanner.adapter.url}: the adapter's base URL (the API is under
 *                       {@code /api/v1}), e.g. {@code http://trivy-adapter:8080}; no default
 * @param authorization  {@code scanner.adapter.authorization}: the whole {@code Authorization} header
 *                       value the adapter expects ({@code Bearer ...} or {@code Basic ...}); none by default
 * @param timeout        {@code scanner.adapter.timeout.seconds} (600): how long to wait for the report
 * @param pollInterval   {@code scanner.adapter.poll.interval.ms} (2000): the pause when the adapter names
 *                       none, and how often a long pause checks for a stop request
 * @param pollMax        {@code scanner.adapter.poll.max.seconds} (30): the longest {@code Refresh-After} honoured
 * @param connectTimeout {@code scanner.adapter.connect.timeout.ms} (5000)
 * @param readTimeout    {@code scanner.adapter.read.timeout.seconds} (60): one answer
 */
public record AdapterSettings(Optional<String> url, Optional<String> authorization, Duration timeout,
                              Duration pollInterval, Duration pollMax, Duration connectTimeout, Duration readTimeout) {
    public static final String URL = "scanner.adapter.url";
    public static final String AUTHORIZATION = "scanner.adapter.authorization";
    public static final String TIMEOUT_SECONDS = "scanner.adapter.timeout.seconds";
    public static final String POLL_INTERVAL_MS = "scanner.adapter.poll.interval.ms";
    public static final String POLL_MAX_SECONDS = "scanner.adapter.poll.max.seconds";
    public static final String CONNECT_TIMEOUT_MS = "scanner.adapter.connect.timeout.ms";
    public static final String READ_TIMEOUT_SECONDS = "scanner.adapter.read.timeout.seconds";

    static final long DEFAULT_TIMEOUT_SECONDS = 600;
    static final long DEFAULT_POLL_INTERVAL_MS = 2000;
    static final long DEFAULT_POLL_MAX_SECONDS = 30;
    static final long DEFAULT_CONNECT_TIMEOUT_MS = 5000;
    static final long DEFAULT_READ_TIMEOUT_SECONDS = 60;

    public AdapterSettings {
        url = url.map(String::strip).filter(s -> !s.isEmpty());
        authorization = authorization.map(String::strip).filter(s -> !s.isEmpty());
    }

    /** Reads the settings now (so a changed value counts from the next scan on). */
    public static AdapterSettings from(Config config) {
        return new AdapterSettings(
                config.getOptionalValue(URL, String.class),
                config.getOptionalValue(AUTHORIZATION, String.class),
                Duration.ofSeconds(positive(config, TIMEOUT_SECONDS, DEFAULT_TIMEOUT_SECONDS)),
                Duration.ofMillis(positive(config, POLL_INTERVAL_MS, DEFAULT_POLL_INTERVAL_MS)),
                Duration.ofSeconds(positive(config, POLL_MAX_SECONDS, DEFAULT_POLL_MAX_SECONDS)),
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

    /** Never shows the credential. */
    @Override
    public String toString() {
        return "AdapterSettings[url=" + url.orElse("") + ", authorization=" + (authorization.isPresent() ? "(set)" : "(none)")
                + ", timeout=" + timeout + ", pollInterval=" + pollInterval + ", pollMax=" + pollMax
                + ", connectTimeout=" + connectTimeout + ", readTimeout=" + readTimeout + "]";
    }
}
