package io.wharf.webhook;

import io.wharf.quota.QuotaEvent;
import io.wharf.webhook.event.WebhookEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;
import java.time.Instant;
import java.util.UUID;

/**
 * A refused or nearly full push ({@link QuotaEvent}) becomes Harbor's {@code QUOTA_EXCEED} or
 * {@code QUOTA_WARNING} for the project's webhook policies, with Harbor's event data: the artifact,
 * the repository, and the quota's words in {@code custom_attributes.Details}.
 */
@ApplicationScoped
public class QuotaWebhooks {
    @Inject Event<WebhookEvent> webhooks;

    void onQuota(@Observes QuotaEvent quota) {
        String repository = quota.repository() == null ? quota.project() : quota.repository();
        String name = repository.startsWith(quota.project() + "/") ? repository.substring(quota.project().length() + 1) : repository;
        JsonObjectBuilder resource = Json.createObjectBuilder();
        if (quota.digest() != null) resource.add("digest", quota.digest());
        var data = Json.createObjectBuilder()
                .add("resources", Json.createArrayBuilder().add(resource))
                .add("repository", Json.createObjectBuilder().add("name", name).add("namespace", quota.project())
                        .add("repo_full_name", repository).add("repo_type", "private"))
                .add("custom_attributes", Json.createObjectBuilder().add("Details", quota.message() == null ? "" : quota.message())
                        .add("used", quota.used()).add("limit", quota.limit()))
                .build();
        webhooks.fire(new WebhookEvent(quota.type(), quota.projectId(), quota.type().toLowerCase() + "-" + UUID.randomUUID(),
                Instant.now(), "system", data));
    }
}
