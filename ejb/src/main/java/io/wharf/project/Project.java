package io.wharf.project;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.MapKeyColumn;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * A namespace of repositories: the first path component of a repository name. Harbor keeps
 * settings such as {@code public} and {@code auto_scan} as string metadata; so does Wharf.
 */
@Entity
@Table(name = "project")
@NamedQuery(name = "Project.byName", query = "select p from Project p where p.name = :name")
public class Project {
    public static final String META_PUBLIC = "public";
    public static final String META_AUTO_SCAN = "auto_scan";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(nullable = false, unique = true, length = 255)
    private String name;

    @Column(name = "owner_id", nullable = false)
    private Long ownerId;

    @Column(name = "creation_time", nullable = false)
    private Instant creationTime;

    @Column(name = "update_time", nullable = false)
    private Instant updateTime;

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "project_metadata", joinColumns = @JoinColumn(name = "project_id"))
    @MapKeyColumn(name = "meta_name", length = 255)
    @Column(name = "meta_value", length = 255)
    private Map<String, String> metadata = new HashMap<>();

    protected Project() {}

    public Project(String name, Long ownerId, Map<String, String> metadata) {
        this.name = name;
        this.ownerId = ownerId;
        this.metadata.putAll(metadata);
        this.metadata.putIfAbsent(META_PUBLIC, "false");
        this.creationTime = Instant.now();
        this.updateTime = creationTime;
    }

    public Long getId() { return id; }
    public String getName() { return name; }
    public Long getOwnerId() { return ownerId; }
    public Instant getCreationTime() { return creationTime; }
    public Instant getUpdateTime() { return updateTime; }
    public Map<String, String> getMetadata() { return Map.copyOf(metadata); }

    public boolean isPublic() { return "true".equalsIgnoreCase(metadata.get(META_PUBLIC)); }
    public boolean autoScan() { return "true".equalsIgnoreCase(metadata.get(META_AUTO_SCAN)); }

    void mergeMetadata(Map<String, String> changes) {
        metadata.putAll(changes);
        updateTime = Instant.now();
    }
}
