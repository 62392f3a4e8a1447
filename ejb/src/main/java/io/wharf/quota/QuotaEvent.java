package io.wharf.quota;

/**
 * A CDI event for webhooks and metrics: {@code QUOTA_EXCEED} when a push was refused,
 * {@code QUOTA_WARNING} when a push brought a project's usage to 85 % of its limit or more.
 */
public record QuotaEvent(String type, long projectId, String project, String repository, String digest,
                         long used, long limit, String message) {
    public static final String EXCEED = "QUOTA_EXCEED";
    public static final String WARNING = "QUOTA_WARNING";
}
