package io.wharf.webhook;

import io.wharf.retention.RetentionFinished;
import io.wharf.webhook.event.WebhookEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.json.Json;
import java.time.Instant;
import java.util.Locale;

/** A real (not dry) retention run's end becomes Harbor's {@code TAG_RETENTION} for the project's webhook policies. */
@ApplicationScoped
public class RetentionWebhooks {
    @Inject Event<WebhookEvent> webhooks;

    void onRetention(@Observes RetentionFinished run) {
        if (run.dryRun()) return;
        var data = Json.createObjectBuilder()
                .add("retention", Json.createObjectBuilder()
                        .add("total", run.total())
                        .add("retained", run.retained())
                        .add("project_name", run.project())
                        .add("retention_policy_id", run.policyId())
                        .add("result", run.status().toUpperCase(Locale.ROOT))
                        .add("execution_id", run.executionId()))
                .build();
        webhooks.fire(new WebhookEvent("TAG_RETENTION", run.projectId(), "retention-" + run.executionId(),
                Instant.now(), "system", data));
    }
}
