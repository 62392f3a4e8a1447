package io.wharf.label;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.UniqueConstraint;
import java.time.Instant;

/** A label: scope {@code g} (global, administrators manage it) or {@code p} (one project's). */
@Entity
@Table(name = "harbor_label", uniqueConstraints = @UniqueConstraint(columnNames = {"name", "scope", "project_id"}))
public class Label {
    public static final String GLOBAL = "g";
    public static final String PROJECT = "p";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(nullable = false, length = 128)
    private String name;

    @Column(length = 1024)
    private String description;

    @Column(length = 16)
    private String color;

    @Column(nullable = false, length = 1)
    private String scope;

    /** 0 for a global label (a unique constraint treats nulls as distinct). */
    @Column(name = "project_id", nullable = false)
    private long projectId;

    @Column(name = "creation_time", nullable = false)
    private Instant creationTime;

    @Column(name = "update_time", nullable = false)
    private Instant updateTime;

    protected Label() {}

    public Label(String name, String description, String color, String scope, long projectId) {
        this.name = name;
        this.description = description;
        this.color = color;
        this.scope = scope;
        this.projectId = projectId;
        this.creationTime = Instant.now();
        this.updateTime = creationTime;
    }

    public Long getId() { return id; }
    public String getName() { return name; }
    public String getDescription() { return description; }
    public String getColor() { return color; }
    public String getScope() { return scope; }
    public long getProjectId() { return projectId; }
    public Instant getCreationTime() { return creationTime; }
    public Instant getUpdateTime() { return updateTime; }
    public boolean isGlobal() { return GLOBAL.equals(scope); }

    void change(String newName, String newDescription, String newColor) {
        if (newName != null) name = newName;
        if (newDescription != null) description = newDescription;
        if (newColor != null) color = newColor;
        updateTime = Instant.now();
    }
}
