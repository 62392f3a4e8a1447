package io.wharf.robot;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Lob;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A robot account. {@code fullName} is what it logs in with: {@code robot$<name>} (system level)
 * or {@code robot$<project>+<name>} (project level). Its secret is stored only as a slow hash; its
 * permissions as Harbor's JSON ({@link RobotPermissions}).
 */
@Entity
@Table(name = "robot")
@NamedQuery(name = "Robot.byFullName", query = "select r from Robot r where r.fullName = :name")
@NamedQuery(name = "Robot.all", query = "select r from Robot r order by r.id")
@NamedQuery(name = "Robot.ofProject", query = "select r from Robot r where r.projectId = :p order by r.id")
@NamedQuery(name = "Robot.ofLevel", query = "select r from Robot r where r.level = :level order by r.id")
public class Robot {
    public static final String PREFIX = "robot$";
    public static final String SYSTEM = "system";
    public static final String PROJECT = "project";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "name", nullable = false, length = 255)
    private String name;

    @Column(name = "full_name", nullable = false, unique = true, length = 512)
    private String fullName;

    @Column(name = "description", length = 1024)
    private String description;

    @Column(name = "robot_level", nullable = false, length = 16)
    private String level;

    @Column(name = "project_id")
    private Long projectId;

    @Column(name = "secret_hash", nullable = false, length = 255)
    private String secretHash;

    @Column(name = "disabled", nullable = false)
    private boolean disabled;

    /** Days from creation, or -1: never expires. */
    @Column(name = "duration", nullable = false)
    private int duration;

    /** Epoch seconds, or -1: never. */
    @Column(name = "expires_at", nullable = false)
    private long expiresAt;

    @Lob
    @Column(name = "permissions", nullable = false)
    private String permissions;

    @Column(name = "creator", length = 255)
    private String creator;

    @Column(name = "creation_time", nullable = false)
    private Instant creationTime;

    @Column(name = "update_time", nullable = false)
    private Instant updateTime;

    protected Robot() {}

    Robot(String name, String fullName, String description, String level, Long projectId, String secretHash,
          boolean disabled, int duration, String permissions, String creator) {
        this.name = name;
        this.fullName = fullName;
        this.description = description;
        this.level = level;
        this.projectId = projectId;
        this.secretHash = secretHash;
        this.disabled = disabled;
        this.creationTime = Instant.now();
        this.updateTime = creationTime;
        this.permissions = permissions;
        this.creator = creator;
        changeDuration(duration);
    }

    public Long getId() { return id; }
    public String getName() { return name; }
    public String getFullName() { return fullName; }
    public String getDescription() { return description; }
    public String getLevel() { return level; }
    public Long getProjectId() { return projectId; }
    String getSecretHash() { return secretHash; }
    public boolean isDisabled() { return disabled; }
    public int getDuration() { return duration; }
    public long getExpiresAt() { return expiresAt; }
    public String getPermissions() { return permissions; }
    public String getCreator() { return creator; }
    public Instant getCreationTime() { return creationTime; }
    public Instant getUpdateTime() { return updateTime; }

    public boolean isExpired(Instant now) { return expiresAt >= 0 && now.getEpochSecond() >= expiresAt; }

    void changeSecretHash(String hash) { this.secretHash = hash; touch(); }
    void changeDisabled(boolean disabled) { this.disabled = disabled; touch(); }
    void changeDescription(String description) { this.description = description; touch(); }
    void changePermissions(String permissions) { this.permissions = permissions; touch(); }

    /** Harbor counts the duration from the robot's creation. */
    void changeDuration(int days) {
        this.duration = days;
        this.expiresAt = days < 0 ? -1 : creationTime.getEpochSecond() + days * 86_400L;
        touch();
    }

    private void touch() { this.updateTime = Instant.now(); }
}
