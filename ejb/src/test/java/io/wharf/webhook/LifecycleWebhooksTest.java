package io.wharf.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wharf.quota.QuotaEvent;
import io.wharf.retention.RetentionFinished;
import io.wharf.webhook.event.WebhookEvent;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.NotificationOptions;
import jakarta.enterprise.util.TypeLiteral;
import jakarta.json.JsonObject;
import java.lang.annotation.Annotation;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

/** Quota refusals and retention runs become Harbor's webhook events with Harbor's event data. */
class LifecycleWebhooksTest {
    private final List<WebhookEvent> fired = new ArrayList<>();

    @Test
    void aRefusedPushIsAQuotaExceedEventNamingTheArtifactAndTheNumbers() {
        QuotaWebhooks quota = new QuotaWebhooks();
        quota.webhooks = capture();
        QuotaEvent refused = new QuotaEvent(QuotaEvent.EXCEED, 7, "shop", "shop/web", "sha256:" + "a".repeat(64),
                900, 1000, "quota exceeded: shop uses 900 of 1000 bytes; this push adds 200");
        quota.onQuota(refused);
        quota.onQuota(refused);
        assertEquals(2, fired.size());
        WebhookEvent e = fired.get(0);
        assertEquals("QUOTA_EXCEED", e.type());
        assertEquals(7, e.projectId());
        JsonObject data = e.eventData();
        assertEquals("sha256:" + "a".repeat(64), data.getJsonArray("resources").getJsonObject(0).getString("digest"));
        assertEquals("web", data.getJsonObject("repository").getString("name"));
        assertEquals("shop/web", data.getJsonObject("repository").getString("repo_full_name"));
        assertTrue(data.getJsonObject("custom_attributes").getString("Details").contains("900 of 1000"));
        assertNotEquals(fired.get(0).eventId(), fired.get(1).eventId(), "two refusals are two events");
    }

    @Test
    void aRealRetentionRunIsATagRetentionEventAndADryRunIsNot() {
        RetentionWebhooks retention = new RetentionWebhooks();
        retention.webhooks = capture();
        retention.onRetention(new RetentionFinished(41, 3, 7, "shop", "Success", true, 9, 4));
        assertTrue(fired.isEmpty(), "a dry run deletes nothing and tells nobody");
        retention.onRetention(new RetentionFinished(42, 3, 7, "shop", "Success", false, 9, 4));
        WebhookEvent e = fired.get(0);
        assertEquals("TAG_RETENTION", e.type());
        assertEquals("retention-42", e.eventId(), "the same run is the same event, so a receiver can drop a repeat");
        JsonObject run = e.eventData().getJsonObject("retention");
        assertEquals(9, run.getInt("total"));
        assertEquals(4, run.getInt("retained"));
        assertEquals("SUCCESS", run.getString("result"));
        assertEquals("shop", run.getString("project_name"));
    }

    private Event<WebhookEvent> capture() {
        return new Event<>() {
            @Override public void fire(WebhookEvent event) { fired.add(event); }
            @Override public <U extends WebhookEvent> CompletionStage<U> fireAsync(U event) { throw new UnsupportedOperationException(); }
            @Override public <U extends WebhookEvent> CompletionStage<U> fireAsync(U event, NotificationOptions options) { throw new UnsupportedOperationException(); }
            @Override public Event<WebhookEvent> select(Annotation... qualifiers) { return this; }
            @Override public <U extends WebhookEvent> Event<U> select(Class<U> subtype, Annotation... qualifiers) { throw new UnsupportedOperationException(); }
            @Override public <U extends WebhookEvent> Event<U> select(TypeLiteral<U> subtype, Annotation... qualifiers) { throw new UnsupportedOperationException(); }
        };
    }
}
