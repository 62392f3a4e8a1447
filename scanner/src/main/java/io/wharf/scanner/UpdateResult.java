package io.wharf.scanner;
// STUB (server branch only): replaced by the feeds branch.
public record UpdateResult(java.util.List<SourceUpdate> sources, long generation) {
    public boolean anyUpdated() { return sources.stream().anyMatch(s -> s.outcome().equals("updated")); }
    public boolean anyFailed() { return sources.stream().anyMatch(s -> s.outcome().equals("failed")); }
}
