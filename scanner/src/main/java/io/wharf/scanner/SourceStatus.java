package io.wharf.scanner;

import java.time.Instant;

/** A vulnerability data source in the database: its name, when it was last imported and how many records it holds. */
public record SourceStatus(String name, Instant lastUpdated, int records) {
}
