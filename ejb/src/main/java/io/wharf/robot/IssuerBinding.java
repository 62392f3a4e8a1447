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

/**
 * A robot that a trusted issuer's tokens act as, when their claims satisfy every condition
 * ({@link ClaimConditions}; stored as a JSON object of claim name to value or glob).
 */
@Entity
@Table(name = "issuer_binding")
@NamedQuery(name = "IssuerBinding.ofIssuer", query = "select b from IssuerBinding b where b.issuerId = :issuer order by b.id")
@NamedQuery(name = "IssuerBinding.ofRobot", query = "select b from IssuerBinding b where b.robotId = :robot")
public class IssuerBinding {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "issuer_id", nullable = false)
    private long issuerId;

    @Column(name = "robot_id", nullable = false)
    private long robotId;

    @Lob
    @Column(name = "conditions", nullable = false)
    private String conditions;

    @Column(name = "creation_time", nullable = false)
    private Instant creationTime;

    protected IssuerBinding() {}

    IssuerBinding(long issuerId, long robotId, String conditions) {
        this.issuerId = issuerId;
        this.robotId = robotId;
        this.conditions = conditions;
        this.creationTime = Instant.now();
    }

    public Long getId() { return id; }
    public long getIssuerId() { return issuerId; }
    public long getRobotId() { return robotId; }
    public String getConditions() { return conditions; }
    public Instant getCreationTime() { return creationTime; }
}
