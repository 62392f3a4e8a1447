package io.wharf.webhook;

import io.wharf.jobservice.JobContext;
import io.wharf.jobservice.JobType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * {@code WEBHOOK}: delivers one task (one event to one target). A failed attempt (no answer, a 5xx,
 * or a 429) fails the job, and the job
 * service retries it with its exponential backoff ({@code jobservice.retry.backoff.seconds}: 2 s,
 * 4 s, 8 s ...) up to {@code webhook.max.attempts} (5). Another 4xx is the receiver's refusal:
 * no retry changes it, so the task ends in Error at once.
 */
@ApplicationScoped
public class WebhookJob implements JobType {
    public static final String NAME = "WEBHOOK";
    public static final String TASK_ID = "task_id";

    @Inject WebhookStore store;
    @Inject WebhookSender sender;

    @Inject @ConfigProperty(name = "webhook.max.attempts", defaultValue = "5")
    int maxAttempts;

    @Inject @ConfigProperty(name = "webhook.order.wait.ms", defaultValue = "15000")
    long orderWaitMs;

    @Override public String name() { return NAME; }
    @Override public int maxFails() { return Math.max(1, maxAttempts); }

    @Override
    public void validate(JsonObject parameters) {
        if (!(parameters.get(TASK_ID) instanceof JsonNumber n) || !n.isIntegral() || n.longValue() < 1) {
            throw new IllegalArgumentException(TASK_ID + " must be a webhook task id");
        }
    }

    /** What an attempt's answer means for the task. */
    enum Outcome { DELIVERED, RETRY, REFUSED }

    static Outcome outcome(int status) {
        if (status >= 200 && status < 300) return Outcome.DELIVERED;
        if (status >= 400 && status < 500 && status != 408 && status != 429) return Outcome.REFUSED;
        return Outcome.RETRY;
    }

    @Override
    public void run(JobContext context) throws Exception {
        long taskId = context.parameters().getJsonNumber(TASK_ID).longValue();
        Optional<WebhookTask> found = store.task(taskId);
        if (found.isEmpty()) {
            context.log().info("task " + taskId + " is gone (its policy was deleted); nothing to deliver");
            return;
        }
        WebhookTask task = found.get();
        if ("Success".equals(task.getStatus()) || "Error".equals(task.getStatus())) {
            context.log().info("task " + taskId + " already ended " + task.getStatus());
            return;
        }
        WebhookExecution execution = store.execution(task.getExecutionId()).orElse(null);
        WebhookPolicy policy = store.policy(task.getPolicyId()).orElse(null);
        if (execution == null || policy == null) {
            context.log().info("the policy of task " + taskId + " was deleted; nothing to deliver");
            return;
        }
        List<WebhookTarget> targets = policy.getTargets();
        if (task.getTargetIndex() >= targets.size() || !targets.get(task.getTargetIndex()).address().equals(task.getAddress())) {
            store.end(taskId, "Error", "the target " + task.getAddress() + " was removed from the policy");
            context.log().info("target " + task.getAddress() + " no longer in policy " + policy.getName());
            return;
        }
        // Order per policy and target: an earlier event still on its first way out goes first.
        // It is waited for a bounded time (a worker is held meanwhile), then this one goes anyway:
        // a stuck delivery must not hold back every later one.
        long until = System.currentTimeMillis() + orderWaitMs;
        Optional<Long> earlier = store.earlierUnfinished(task);
        if (earlier.isPresent()) context.log().info("waiting for the earlier delivery " + earlier.get() + " to " + task.getAddress());
        while (earlier.isPresent() && System.currentTimeMillis() < until && !context.stopRequested()) {
            Thread.sleep(100);
            earlier = store.earlierUnfinished(task);
        }
        WebhookTarget target = targets.get(task.getTargetIndex());
        WebhookPayloads.Body body = WebhookPayloads.forTarget(target, execution.getPayload(), execution.getEventId(),
                policy.getProjectId(), policy.getId());
        int attempt = task.getRunCount() + 1;
        store.attempt(taskId, "attempt " + attempt + " of " + maxFails());
        context.log().info("event " + execution.getEventId() + " (" + execution.getEventType() + ") to " + target.type() + " "
                + target.address() + (target.cloudEvents() ? " as CloudEvents" : "") + ", attempt " + attempt + " of " + maxFails());
        WebhookSender.Answer answer;
        try {
            answer = sender.post(target, body, execution.getEventId());
        } catch (IOException e) {
            failed(context, taskId, attempt, "no answer: " + e.getClass().getSimpleName() + ": " + e.getMessage());
            return;
        }
        context.log().info("answered " + answer.status() + (answer.body().isBlank() ? "" : ": " + answer.body().strip()));
        switch (outcome(answer.status())) {
            case DELIVERED -> store.end(taskId, "Success", "answered " + answer.status());
            case REFUSED -> store.end(taskId, "Error", "refused: answered " + answer.status());
            case RETRY -> failed(context, taskId, attempt, "answered " + answer.status());
        }
    }

    /** Ends the task in Error on the last attempt; otherwise fails the job so the job service retries it after its backoff. */
    private void failed(JobContext context, long taskId, int attempt, String why) {
        if (attempt >= maxFails()) {
            store.end(taskId, "Error", why + " (attempt " + attempt + " of " + maxFails() + ")");
            context.log().error("giving up: " + why);
            throw new DeliveryFailed(why);
        }
        store.end(taskId, "Scheduled", why + "; will retry");
        throw new DeliveryFailed(why);
    }

    /** One attempt did not deliver. */
    static final class DeliveryFailed extends RuntimeException {
        DeliveryFailed(String message) { super(message); }
    }
}
