package io.wharf.webhook;

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
 * One event for one policy (Harbor's {@code Execution}, vendor type WEBHOOK). The unique event id
 * per policy is what makes an event that is seen twice (two servers, a repeated fire) delivered once.
 */
@Entity
@Table(name = "webhook_execution",
        uniqueConstraints = @UniqueConstraint(name = "webhook_execution_event", columnNames = {"policy_id", "event_id"}))
public class WebhookExecution {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "policy_id", nullable = false)
    private long policyId;

    @Column(name = "event_id", nullable = false, length = 128)
    private String eventId;

    @Column(name = "event_type", nullable = false, length = 64)
    private String eventType;

    /** Harbor's payload ({@code type, occur_at, operator, event_data}); each target's format is made from it. */
    @Lob
    @Column(name = "payload", nullable = false)
    private String payload;

    /** EVENT for a real event, MANUAL for a test sent from the portal or the API. */
    @Column(name = "trigger_kind", nullable = false, length = 16)
    private String trigger;

    @Column(name = "start_time", nullable = false)
    private Instant startTime;

    protected WebhookExecution() {}

    public WebhookExecution(long policyId, String eventId, String eventType, String payload, String trigger) {
        this.policyId = policyId;
        this.eventId = eventId;
        this.eventType = eventType;
        this.payload = payload;
        this.trigger = trigger;
        this.startTime = Instant.now();
    }

    public Long getId() { return id; }
    public long getPolicyId() { return policyId; }
    public String getEventId() { return eventId; }
    public String getEventType() { return eventType; }
    public String getPayload() { return payload; }
    public String getTrigger() { return trigger; }
    public Instant getStartTime() { return startTime; }
}
