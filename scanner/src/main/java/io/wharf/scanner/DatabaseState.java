package io.wharf.scanner;

import java.time.Instant;
import java.util.List;

/**
 * The vulnerability database as scans see it now.
 *
 * @param generation the current data generation (0 before the first import); scans report it
 * @param empty      no source holds a record: a scan now finds nothing, whatever the image contains
 * @param updatedAt  the last success of the least recently updated source holding records (the data's age); null
 *                   when empty
 * @param sources    every source, including ones that never succeeded
 */
public record DatabaseState(long generation, boolean empty, Instant updatedAt, List<SourceStatus> sources) {
    public DatabaseState {
        sources = List.copyOf(sources);
    }
}
