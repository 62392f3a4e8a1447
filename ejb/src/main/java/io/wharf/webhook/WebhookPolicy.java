package io.wharf.webhook;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Lob;
import jakarta.persistence.Table;
import jakarta.persistence.UniqueConstraint;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/** A project's webhook policy: which event types it hears and the targets it delivers them to. */
@Entity
@Table(name = "webhook_policy", uniqueConstraints = @UniqueConstraint(name = "webhook_policy_name", columnNames = {"project_id", "name"}))
public class WebhookPolicy {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "project_id", nullable = false)
    private long projectId;

    @Column(nullable = false, length = 256)
    private String name;

    @Column(length = 1024)
    private String description;

    /** Comma-separated event type names. */
    @Column(name = "event_types", nullable = false, length = 1024)
    private String eventTypes;

    /** The targets as Harbor's JSON array (auth headers included: the policy's readers are project admins). */
    @Lob
    @Column(name = "targets", nullable = false)
    private String targetsJson;

    @Column(nullable = false)
    private boolean enabled;

    @Column(length = 255)
    private String creator;

    @Column(name = "creation_time", nullable = false)
    private Instant creationTime;

    @Column(name = "update_time", nullable = false)
    private Instant updateTime;

    protected WebhookPolicy() {}

    public WebhookPolicy(long projectId, String creator) {
        this.projectId = projectId;
        this.creator = creator;
        this.creationTime = Instant.now();
        this.updateTime = creationTime;
    }

    void set(String name, String description, List<String> eventTypes, List<WebhookTarget> targets, boolean enabled) {
        this.name = name;
        this.description = description;
        this.eventTypes = String.join(",", eventTypes);
        this.targetsJson = WebhookTarget.toJson(targets);
        this.enabled = enabled;
        this.updateTime = Instant.now();
    }

    public Long getId() { return id; }
    public long getProjectId() { return projectId; }
    public String getName() { return name; }
    public String getDescription() { return description; }
    public List<String> getEventTypes() { return eventTypes == null || eventTypes.isEmpty() ? List.of() : Arrays.asList(eventTypes.split(",")); }
    public List<WebhookTarget> getTargets() { return WebhookTarget.fromJson(targetsJson); }
    public boolean isEnabled() { return enabled; }
    public String getCreator() { return creator; }
    public Instant getCreationTime() { return creationTime; }
    public Instant getUpdateTime() { return updateTime; }

    public boolean hears(String type) { return enabled && getEventTypes().contains(type); }
}
