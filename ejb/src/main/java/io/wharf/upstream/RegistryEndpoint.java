package io.wharf.upstream;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Lob;
import jakarta.persistence.Table;
import java.time.Instant;

/** A registry outside Wharf; its secret is stored sealed (see {@code SecretSeal}), never in clear. */
@Entity
@Table(name = "registry_endpoint")
public class RegistryEndpoint {
    public static final String HEALTHY = "healthy";
    public static final String UNHEALTHY = "unhealthy";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(nullable = false, unique = true, length = 255)
    private String name;

    @Column(nullable = false, length = 2048)
    private String url;

    @Column(nullable = false, length = 32)
    private String type;

    @Column(length = 1024)
    private String description;

    @Column(nullable = false)
    private boolean insecure;

    @Column(name = "credential_type", length = 16)
    private String credentialType;

    @Column(name = "access_key", length = 255)
    private String accessKey;

    @Column(name = "access_secret_sealed", length = 1024)
    private String accessSecretSealed;

    @Lob
    @Column(name = "ca_certificate")
    private String caCertificate;

    @Column(length = 16)
    private String status;

    @Column(name = "creation_time", nullable = false)
    private Instant creationTime;

    @Column(name = "update_time", nullable = false)
    private Instant updateTime;

    protected RegistryEndpoint() {}

    public RegistryEndpoint(String name, String url, String type) {
        this.name = name;
        this.url = url;
        this.type = type;
        this.creationTime = Instant.now();
        this.updateTime = creationTime;
    }

    public Long getId() { return id; }
    public String getName() { return name; }
    public String getUrl() { return url; }
    public String getType() { return type; }
    public String getDescription() { return description; }
    public boolean isInsecure() { return insecure; }
    public String getCredentialType() { return credentialType; }
    public String getAccessKey() { return accessKey; }
    String getAccessSecretSealed() { return accessSecretSealed; }
    public boolean hasSecret() { return accessSecretSealed != null; }
    public String getCaCertificate() { return caCertificate; }
    public String getStatus() { return status; }
    public Instant getCreationTime() { return creationTime; }
    public Instant getUpdateTime() { return updateTime; }

    void setName(String name) { this.name = name; touch(); }
    void setUrl(String url) { this.url = url; touch(); }
    void setDescription(String description) { this.description = description; touch(); }
    void setInsecure(boolean insecure) { this.insecure = insecure; touch(); }
    void setCaCertificate(String pem) { this.caCertificate = pem; touch(); }
    void setStatus(String status) { this.status = status; }

    void setCredential(String type, String accessKey, String sealedSecret) {
        this.credentialType = type;
        this.accessKey = accessKey;
        this.accessSecretSealed = sealedSecret;
        touch();
    }

    private void touch() { updateTime = Instant.now(); }
}
