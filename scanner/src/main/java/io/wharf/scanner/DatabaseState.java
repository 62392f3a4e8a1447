package io.wharf.scanner;
// STUB (server branch only): replaced by the feeds branch.
public record DatabaseState(long generation, boolean empty, java.time.Instant updatedAt, java.util.List<SourceStatus> sources) {}
