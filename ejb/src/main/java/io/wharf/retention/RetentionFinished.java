package io.wharf.retention;

/**
 * A CDI event fired when a retention run ends (for webhooks: Harbor's {@code TAG_RETENTION}).
 *
 * @param total    artifacts looked at in the repositories the rules cover
 * @param retained artifacts kept
 */
public record RetentionFinished(long executionId, long policyId, long projectId, String project, String status,
                                boolean dryRun, int total, int retained) {}
