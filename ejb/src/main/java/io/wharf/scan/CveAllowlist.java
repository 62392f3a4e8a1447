package io.wharf.scan;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Lob;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;

/** A project's (or, under project id 0, the system's) CVE allowlist: vulnerabilities its prevent-vulnerable policy ignores, until it expires. */
@Entity
@Table(name = "project_cve_allowlist")
public class CveAllowlist {
    /** The project id under which the system's own allowlist is kept, as in Harbor. */
    public static final long SYSTEM = 0L;

    @Id
    @Column(name = "project_id")
    private Long projectId;

    /** Vulnerability ids, space separated. */
    @Lob
    private String items;

    /** Seconds since the epoch after which the list no longer applies; null for never. */
    @Column(name = "expires_at")
    private Long expiresAt;

    @Column(name = "update_time", nullable = false)
    private Instant updateTime;

    protected CveAllowlist() { }

    CveAllowlist(Long projectId) { this.projectId = projectId; }

    void replace(Set<String> ids, Long expiresAt, Instant now) {
        this.items = String.join(" ", ids);
        this.expiresAt = expiresAt;
        this.updateTime = now;
    }

    public Long getProjectId() { return projectId; }
    public Long getExpiresAt() { return expiresAt; }
    public Instant getUpdateTime() { return updateTime; }

    public Set<String> ids() {
        Set<String> ids = new LinkedHashSet<>();
        if (items != null) Arrays.stream(items.split(" ")).filter(s -> !s.isBlank()).forEach(ids::add);
        return ids;
    }

    /** The ids that apply at {@code now}: none once the list has expired. */
    public Set<String> effectiveIds(Instant now) {
        return expiresAt != null && now.getEpochSecond() >= expiresAt ? Set.of() : ids();
    }
}
