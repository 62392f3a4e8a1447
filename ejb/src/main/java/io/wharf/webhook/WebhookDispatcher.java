package io.wharf.webhook;

import io.wharf.jobservice.Job;
import io.wharf.jobservice.JobService;
import io.wharf.webhook.event.WebhookEvent;
import jakarta.ejb.EJBException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.json.Json;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Turns an event into deliveries: for each enabled policy of the project that hears the event's
 * type, one execution (once per event id) and one WEBHOOK job per target. Nothing here waits for a
 * receiver; the jobs deliver.
 */
@ApplicationScoped
public class WebhookDispatcher {
    private static final Logger LOG = Logger.getLogger(WebhookDispatcher.class.getName());

    @Inject WebhookStore store;
    @Inject JobService jobs;

    /** Events other domains fire (quota, retention, replication ...). */
    void onEvent(@Observes WebhookEvent event) {
        try {
            dispatch(event, "EVENT");
        } catch (RuntimeException e) {
            // The change that fired it has committed: a webhook that cannot be recorded must not undo it.
            LOG.log(Level.WARNING, "Webhook event " + event.eventId() + " (" + event.type() + ") not recorded", e);
        }
    }

    /** @return how many executions were recorded (0 when no policy hears it, or it was seen before) */
    public int dispatch(WebhookEvent event, String trigger) {
        int recorded = 0;
        for (WebhookPolicy policy : store.enabledPolicies(event.projectId())) {
            if (!policy.hears(event.type())) continue;
            String payload = WebhookPayloads.harbor(event.type(), event.occurAt(), event.operator(), event.eventData()).toString();
            if (deliver(policy, event.eventId(), event.type(), payload, trigger).isPresent()) recorded++;
        }
        return recorded;
    }

    /** Records the execution and queues its tasks; empty when the policy had this event already. */
    public Optional<Long> deliver(WebhookPolicy policy, String eventId, String type, String payload, String trigger) {
        Optional<List<WebhookTask>> tasks;
        try {
            tasks = store.record(policy, eventId, type, payload, trigger);
        } catch (EJBException e) {
            return Optional.empty(); // another server recorded it at the same moment
        }
        if (tasks.isEmpty()) return Optional.empty();
        for (WebhookTask task : tasks.get()) {
            Job job = jobs.submit(new JobService.Submission(WebhookJob.NAME,
                    Json.createObjectBuilder().add(WebhookJob.TASK_ID, task.getId()).build(), null, "Generic", null, null, false));
            store.attachJob(task.getId(), job.getId());
        }
        return Optional.of(tasks.get().isEmpty() ? -1L : tasks.get().get(0).getExecutionId());
    }
}
