package io.wharf.gc;

/** A CDI event: a garbage collection ended and removed what its report says (quotas count again). */
public record GcFinished(long runId, GcReport report, boolean dryRun) {}
