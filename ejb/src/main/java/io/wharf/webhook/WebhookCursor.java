package io.wharf.webhook;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** How far the audit log has been read for webhooks (one row; the audit entry is the event's outbox). */
@Entity
@Table(name = "webhook_cursor")
public class WebhookCursor {
    @Id
    @Column(length = 32)
    private String name;

    @Column(name = "last_id", nullable = false)
    private long lastId;

    protected WebhookCursor() {}

    public WebhookCursor(String name, long lastId) {
        this.name = name;
        this.lastId = lastId;
    }

    public String getName() { return name; }
    public long getLastId() { return lastId; }
    void moveTo(long id) { lastId = Math.max(lastId, id); }
}
