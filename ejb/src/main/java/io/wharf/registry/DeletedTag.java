package io.wharf.registry;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.UniqueConstraint;
import java.time.Instant;

/**
 * A tag deleted while the registry still holds it: Distribution 2.8 cannot remove a tag without
 * its manifest, so Wharf remembers the deletion and answers for the tag as if it were gone (pulls
 * by tag, the tag list, the reconciler) until the tag is pushed again.
 */
@Entity
@Table(name = "deleted_tag", uniqueConstraints = @UniqueConstraint(columnNames = {"repository_name", "name"}))
public class DeletedTag {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "repository_name", nullable = false, length = 255)
    private String repositoryName;

    @Column(nullable = false, length = 128)
    private String name;

    /** The manifest the tag pointed at when it was deleted. */
    @Column(nullable = false, length = 100)
    private String digest;

    @Column(name = "delete_time", nullable = false)
    private Instant deleteTime;

    protected DeletedTag() {}

    public DeletedTag(String repositoryName, String name, String digest, Instant deleteTime) {
        this.repositoryName = repositoryName;
        this.name = name;
        this.digest = digest;
        this.deleteTime = deleteTime;
    }

    public Long getId() { return id; }
    public String getRepositoryName() { return repositoryName; }
    public String getName() { return name; }
    public String getDigest() { return digest; }
    public Instant getDeleteTime() { return deleteTime; }

    /** The same tag deleted again (it had been pushed meanwhile, or points elsewhere now). */
    void deletedAgain(String newDigest, Instant at) {
        this.digest = newDigest;
        this.deleteTime = at;
    }
}
