package io.wharf.registry;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** The id of a registry event already applied, so a redelivery changes nothing. */
@Entity
@Table(name = "notification_event")
public class ProcessedEvent {
    @Id
    @Column(name = "event_id", length = 128)
    private String eventId;

    @Column(name = "received_time", nullable = false)
    private Instant receivedTime;

    protected ProcessedEvent() {}

    public ProcessedEvent(String eventId, Instant receivedTime) {
        this.eventId = eventId;
        this.receivedTime = receivedTime;
    }

    public String getEventId() { return eventId; }
    public Instant getReceivedTime() { return receivedTime; }
}
