package io.wharf.registry;

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

/** One manifest (image or index) in a repository, by digest. */
@Entity
@Table(name = "artifact", uniqueConstraints = @UniqueConstraint(columnNames = {"repository_id", "digest"}))
public class Artifact {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "repository_id", nullable = false)
    private Long repositoryId;

    @Column(name = "project_id", nullable = false)
    private Long projectId;

    @Column(nullable = false, length = 255)
    private String digest;

    /** The config's media type (Harbor's {@code media_type}). */
    @Column(name = "media_type", length = 255)
    private String mediaType;

    @Column(name = "manifest_media_type", nullable = false, length = 255)
    private String manifestMediaType;

    @Column(nullable = false)
    private long size;

    @Column(name = "config_digest", length = 255)
    private String configDigest;

    /** Layer digests (or, for an index, its manifests' digests), bottom first, one per line. */
    @Lob
    @Column(name = "layer_digests")
    private String layerDigests;

    /** The digest of the manifest this one refers to as its subject (a signature's image), if any. */
    @Column(name = "subject_digest", length = 255)
    private String subjectDigest;

    /** OCI 1.1's artifact type: the manifest's {@code artifactType}, else its config's media type. */
    @Column(name = "artifact_type", length = 255)
    private String artifactType;

    /** The manifest's own size in bytes (a descriptor's {@code size}); 0 when recorded before it was kept. */
    @Column(name = "manifest_size")
    private Long manifestSize;

    /** The manifest's annotations as a JSON object, or null. */
    @Lob
    @Column(name = "annotations")
    private String annotations;

    @Column(name = "push_time", nullable = false)
    private Instant pushTime;

    @Column(name = "pull_time")
    private Instant pullTime;

    protected Artifact() {}

    public Artifact(Long repositoryId, Long projectId, String digest, ManifestSummary manifest, Instant pushTime) {
        this.repositoryId = repositoryId;
        this.projectId = projectId;
        this.digest = digest;
        this.pushTime = pushTime;
        describe(manifest);
    }

    void describe(ManifestSummary manifest) {
        this.mediaType = manifest.configMediaType();
        this.manifestMediaType = manifest.mediaType();
        this.size = manifest.totalSize();
        this.configDigest = manifest.configDigest();
        this.layerDigests = String.join("\n", manifest.references());
        this.subjectDigest = manifest.subjectDigest();
        this.artifactType = manifest.artifactType();
        this.manifestSize = manifest.manifestSize();
        this.annotations = manifest.annotations();
    }

    public Long getId() { return id; }
    public Long getRepositoryId() { return repositoryId; }
    public Long getProjectId() { return projectId; }
    public String getDigest() { return digest; }
    public String getMediaType() { return mediaType; }
    public String getManifestMediaType() { return manifestMediaType; }
    public long getSize() { return size; }
    public String getConfigDigest() { return configDigest; }
    public List<String> getLayerDigests() {
        return layerDigests == null || layerDigests.isEmpty() ? List.of() : Arrays.asList(layerDigests.split("\n"));
    }
    public String getSubjectDigest() { return subjectDigest; }
    public String getArtifactType() { return artifactType; }
    public long getManifestSize() { return manifestSize == null ? 0 : manifestSize; }
    public String getAnnotations() { return annotations; }
    public Instant getPushTime() { return pushTime; }
    public Instant getPullTime() { return pullTime; }

    void pushed(Instant at) { pushTime = at; }
    void pulled(Instant at) { pullTime = at; }
}
