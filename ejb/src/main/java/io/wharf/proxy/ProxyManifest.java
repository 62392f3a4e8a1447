package io.wharf.proxy;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Lob;
import jakarta.persistence.Table;
import jakarta.persistence.UniqueConstraint;
import java.time.Instant;

/**
 * What a proxy cache project knows of one upstream manifest reference (a tag or a digest): the
 * digest the upstream last answered, when it was last asked, and, until Wharf's registry holds it,
 * the manifest itself (pending: its blobs are not all cached yet).
 */
@Entity
@Table(name = "proxy_manifest", uniqueConstraints = @UniqueConstraint(columnNames = {"repository", "reference"}))
public class ProxyManifest {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(nullable = false, length = 255)
    private String repository;

    @Column(nullable = false, length = 255)
    private String reference;

    @Column(nullable = false, length = 128)
    private String digest;

    @Column(name = "media_type", nullable = false, length = 255)
    private String mediaType;

    /** The manifest while it is pending; null once the registry holds it. */
    @Lob
    @Column(name = "pending_body")
    private byte[] pendingBody;

    @Column(name = "checked_at", nullable = false)
    private Instant checkedAt;

    protected ProxyManifest() {}

    ProxyManifest(String repository, String reference) {
        this.repository = repository;
        this.reference = reference;
    }

    public String getRepository() { return repository; }
    public String getReference() { return reference; }
    public String getDigest() { return digest; }
    public String getMediaType() { return mediaType; }
    public byte[] getPendingBody() { return pendingBody; }
    public boolean stored() { return pendingBody == null; }
    public Instant getCheckedAt() { return checkedAt; }

    void pending(String digest, String mediaType, byte[] body) {
        this.digest = digest;
        this.mediaType = mediaType;
        this.pendingBody = body;
        this.checkedAt = Instant.now();
    }

    void stored(String digest) {
        if (digest.equals(this.digest)) pendingBody = null;
    }

    void checked() { checkedAt = Instant.now(); }
}
