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

/** An OIDC issuer whose tokens (a CI system's workload tokens) Wharf accepts, with its keys and the audience they must name. */
@Entity
@Table(name = "trusted_issuer")
@NamedQuery(name = "TrustedIssuer.all", query = "select i from TrustedIssuer i order by i.id")
@NamedQuery(name = "TrustedIssuer.byIssuer", query = "select i from TrustedIssuer i where i.issuer = :issuer")
public class TrustedIssuer {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "issuer", nullable = false, length = 1024)
    private String issuer;

    @Column(name = "jwks_url", length = 2048)
    private String jwksUrl;

    @Lob
    @Column(name = "public_key_pem")
    private String publicKeyPem;

    @Column(name = "audience", nullable = false, length = 1024)
    private String audience;

    @Column(name = "creation_time", nullable = false)
    private Instant creationTime;

    protected TrustedIssuer() {}

    TrustedIssuer(String issuer, String jwksUrl, String publicKeyPem, String audience) {
        this.issuer = issuer;
        this.jwksUrl = jwksUrl;
        this.publicKeyPem = publicKeyPem;
        this.audience = audience;
        this.creationTime = Instant.now();
    }

    public Long getId() { return id; }
    public String getIssuer() { return issuer; }
    public String getJwksUrl() { return jwksUrl; }
    public String getPublicKeyPem() { return publicKeyPem; }
    public String getAudience() { return audience; }
    public Instant getCreationTime() { return creationTime; }
}
