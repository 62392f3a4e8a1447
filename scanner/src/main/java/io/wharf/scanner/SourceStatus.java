package io.wharf.scanner;

import java.time.Instant;

/**
 * A vulnerability data source in the database (a feed such as {@code osv-maven}, or {@code osv}/{@code alpine}/
 * {@code debian}/{@code debian-sources} for manual imports).
 *
 * @param lastUpdated      when its current data was fetched; null when it has none
 * @param records          records in its current data
 * @param url              where the updater fetches it from; null for manual imports
 * @param lastSuccess      the last successful fetch (a "not modified" answer counts); null if none yet
 * @param etag             the ETag of the current data, as the server gave it
 * @param lastError        why the last attempt failed; null when it succeeded
 * @param lastAttempt      the last attempt, successful or not
 * @param nextAttemptAfter while backing off after failures: the earliest next attempt
 */
public record SourceStatus(String name, Instant lastUpdated, int records, String url, Instant lastSuccess, String etag,
                           String lastError, Instant lastAttempt, Instant nextAttemptAfter) {
    public SourceStatus(String name, Instant lastUpdated, int records) {
        this(name, lastUpdated, records, null, lastUpdated, null, null, lastUpdated, null);
    }
}
