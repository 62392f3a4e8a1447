package io.wharf.scanner;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * How {@link VulnDatabase#update} downloads.
 *
 * @param dataDir         the only folder downloads are written to (created when absent); files are removed after use
 * @param maxBytesPerFile a download (or its decompressed content) larger than this fails its source
 * @param timeout         per request: connecting, and waiting for each part of the answer
 * @param headers         sent with every request (an NVD {@code apiKey}); their values never reach a log or an error
 * @param force           ignore the backoff after failures and try every source now
 */
public record UpdateOptions(Path dataDir, long maxBytesPerFile, Duration timeout, Map<String, String> headers,
                            boolean force) {
    public UpdateOptions {
        headers = headers == null ? Map.of() : Map.copyOf(headers);
        if (maxBytesPerFile <= 0) {
            throw new IllegalArgumentException("maxBytesPerFile must be positive");
        }
    }

    public UpdateOptions(Path dataDir, long maxBytesPerFile, Duration timeout, Map<String, String> headers) {
        this(dataDir, maxBytesPerFile, timeout, headers, false);
    }
}
