package io.wharf.label;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.UniqueConstraint;
import java.time.Instant;

/** A label attached to an artifact. */
@Entity
@Table(name = "artifact_label", uniqueConstraints = @UniqueConstraint(columnNames = {"artifact_id", "label_id"}))
public class ArtifactLabel {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "artifact_id", nullable = false)
    private long artifactId;

    @Column(name = "label_id", nullable = false)
    private long labelId;

    @Column(name = "creation_time", nullable = false)
    private Instant creationTime;

    protected ArtifactLabel() {}

    public ArtifactLabel(long artifactId, long labelId) {
        this.artifactId = artifactId;
        this.labelId = labelId;
        this.creationTime = Instant.now();
    }

    public long getArtifactId() { return artifactId; }
    public long getLabelId() { return labelId; }
}
