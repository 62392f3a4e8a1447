package io.wharf.webhook;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The event types a policy may hear: Harbor's, with their CloudEvents type, and Wharf's own severity rise. */
public enum WebhookEventType {
    PUSH_ARTIFACT("harbor.artifact.pushed"),
    PULL_ARTIFACT("harbor.artifact.pulled"),
    DELETE_ARTIFACT("harbor.artifact.deleted"),
    SCANNING_COMPLETED("harbor.scan.completed"),
    SCANNING_FAILED("harbor.scan.failed"),
    SCANNING_STOPPED("harbor.scan.stopped"),
    QUOTA_EXCEED("harbor.quota.exceeded"),
    QUOTA_WARNING("harbor.quota.warned"),
    TAG_RETENTION("harbor.tag_retention.finished"),
    REPLICATION("harbor.replication.status.changed"),
    VULNERABILITY_SEVERITY_ROSE("wharf.vulnerability.severity_rose");

    private final String cloudEventType;

    WebhookEventType(String cloudEventType) { this.cloudEventType = cloudEventType; }

    public String cloudEventType() { return cloudEventType; }

    public static Optional<WebhookEventType> of(String name) {
        return Arrays.stream(values()).filter(t -> t.name().equals(name)).findFirst();
    }

    public static List<String> names() { return Arrays.stream(values()).map(Enum::name).toList(); }
}
