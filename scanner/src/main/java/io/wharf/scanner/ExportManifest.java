package io.wharf.scanner;
// STUB (server branch only): replaced by the feeds branch.
public record ExportManifest(java.util.List<SourceStatus> sources, String sha256) {}
