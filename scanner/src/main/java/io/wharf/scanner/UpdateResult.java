package io.wharf.scanner;

import java.util.List;

/**
 * Outcome of {@link VulnDatabase#update}.
 *
 * @param generation the data generation current afterwards (what the next scans report)
 */
public record UpdateResult(List<SourceUpdate> sources, long generation) {
    public UpdateResult {
        sources = List.copyOf(sources);
    }

    /** Whether new data became current: the moment to re-match stored scans. */
    public boolean anyUpdated() {
        return sources.stream().anyMatch(s -> SourceUpdate.UPDATED.equals(s.outcome()));
    }

    public boolean anyFailed() {
        return sources.stream().anyMatch(s -> SourceUpdate.FAILED.equals(s.outcome()));
    }
}
