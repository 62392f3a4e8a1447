package io.wharf.scanner;
// STUB (server branch only): replaced by the feeds branch.
public record UpdateOptions(java.nio.file.Path dataDir, long maxBytesPerFile, java.time.Duration timeout,
                            java.util.Map<String, String> headers) {}
