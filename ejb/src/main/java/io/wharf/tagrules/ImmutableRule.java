package io.wharf.tagrules;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Lob;
import jakarta.persistence.Table;
import java.time.Instant;

/** A project's tag immutability rule; its selectors are kept as Harbor's JSON. */
@Entity
@Table(name = "immutable_tag_rule")
public class ImmutableRule {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "project_id", nullable = false)
    private Long projectId;

    @Column(nullable = false)
    private int priority;

    @Column(nullable = false)
    private boolean disabled;

    /** {@code {"tag_selectors":[...],"scope_selectors":{...}}} */
    @Lob
    @Column(name = "selectors", nullable = false)
    private String selectors;

    @Column(name = "update_time", nullable = false)
    private Instant updateTime;

    protected ImmutableRule() {}

    ImmutableRule(Long projectId, int priority, boolean disabled, String selectors, Instant now) {
        this.projectId = projectId;
        set(priority, disabled, selectors, now);
    }

    void set(int priority, boolean disabled, String selectors, Instant now) {
        this.priority = priority;
        this.disabled = disabled;
        this.selectors = selectors;
        this.updateTime = now;
    }

    public Long getId() { return id; }
    public Long getProjectId() { return projectId; }
    public int getPriority() { return priority; }
    public boolean isDisabled() { return disabled; }
    public String getSelectors() { return selectors; }
    public Instant getUpdateTime() { return updateTime; }
}
