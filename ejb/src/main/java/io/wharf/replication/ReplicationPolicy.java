package io.wharf.replication;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A replication rule: from a registry endpoint to Wharf (pull-based, {@code srcRegistryId} set) or
 * from Wharf to an endpoint (push-based, {@code destRegistryId} set), with its filters (JSON, as
 * Harbor's {@code filters}), trigger and options.
 */
@Entity
@Table(name = "replication_policy")
public class ReplicationPolicy {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(nullable = false, unique = true, length = 255)
    private String name;

    @Column(length = 1024)
    private String description;

    @Column(name = "src_registry_id")
    private Long srcRegistryId;

    @Column(name = "dest_registry_id")
    private Long destRegistryId;

    @Column(name = "dest_namespace", length = 255)
    private String destNamespace;

    @Column(name = "dest_namespace_replace_count", nullable = false)
    private int destNamespaceReplaceCount = -1;

    @Column(name = "trigger_type", nullable = false, length = 16)
    private String triggerType;

    @Column(length = 128)
    private String cron;

    @Column(name = "job_id", length = 40)
    private String jobId;

    @Column(length = 4000)
    private String filters;

    @Column(name = "replicate_deletion", nullable = false)
    private boolean replicateDeletion;

    @Column(nullable = false)
    private boolean override;

    @Column(nullable = false)
    private boolean enabled = true;

    @Column(nullable = false)
    private int speed;

    @Column(name = "creation_time", nullable = false)
    private Instant creationTime;

    @Column(name = "update_time", nullable = false)
    private Instant updateTime;

    protected ReplicationPolicy() {}

    ReplicationPolicy(String name) {
        this.name = name;
        this.creationTime = Instant.now();
        this.updateTime = creationTime;
    }

    public Long getId() { return id; }
    public String getName() { return name; }
    public String getDescription() { return description; }
    public Long getSrcRegistryId() { return srcRegistryId; }
    public Long getDestRegistryId() { return destRegistryId; }
    public String getDestNamespace() { return destNamespace; }
    public int getDestNamespaceReplaceCount() { return destNamespaceReplaceCount; }
    public String getTriggerType() { return triggerType; }
    public String getCron() { return cron; }
    public String getJobId() { return jobId; }
    public String getFilters() { return filters; }
    public boolean isReplicateDeletion() { return replicateDeletion; }
    public boolean isOverride() { return override; }
    public boolean isEnabled() { return enabled; }
    public int getSpeed() { return speed; }
    public Instant getCreationTime() { return creationTime; }
    public Instant getUpdateTime() { return updateTime; }

    /** Push-based: Wharf is the source. */
    public boolean isPush() { return srcRegistryId == null; }

    void set(ReplicationRule r) {
        this.name = r.name();
        this.description = r.description();
        this.srcRegistryId = r.srcRegistryId();
        this.destRegistryId = r.destRegistryId();
        this.destNamespace = r.destNamespace();
        this.destNamespaceReplaceCount = r.destNamespaceReplaceCount();
        this.triggerType = r.triggerType();
        this.cron = r.cron();
        this.filters = r.filters().toJson();
        this.replicateDeletion = r.replicateDeletion();
        this.override = r.override();
        this.enabled = r.enabled();
        this.speed = r.speed();
        this.updateTime = Instant.now();
    }

    void setJobId(String jobId) { this.jobId = jobId; }
}
