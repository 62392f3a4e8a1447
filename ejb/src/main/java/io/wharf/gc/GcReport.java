package io.wharf.gc;

/** What one run removed (or, in a dry run, would remove): counts, bytes and how long it took. */
public record GcReport(long artifacts, long manifests, long blobs, long uploads, long bytes, long millis) {}
