package io.wharf.webhook.event;

import jakarta.json.JsonObject;
import java.time.Instant;

/**
 * Something happened that a project's webhook policies may want to hear about. Fire it with
 * {@code @Inject Event<WebhookEvent> events; events.fire(new WebhookEvent(...))} after the change
 * has committed; the webhook domain records one execution per matching policy (in a transaction of
 * its own) and delivers it later through the job service, so firing it costs a few database
 * writes and never waits for a receiver.
 *
 * @param type      one of Harbor's event types, e.g. {@code QUOTA_EXCEED}, {@code TAG_RETENTION}, {@code REPLICATION}
 * @param projectId the project whose policies hear it
 * @param eventId   stable id of this occurrence: firing it twice with the same id delivers it once per policy
 * @param occurAt   when it happened
 * @param operator  who did it ({@code system} for Wharf itself)
 * @param eventData Harbor's {@code event_data} object for this type (e.g. {@code {"resources":[...],"repository":{...}}})
 */
public record WebhookEvent(String type, long projectId, String eventId, Instant occurAt, String operator, JsonObject eventData) {}
