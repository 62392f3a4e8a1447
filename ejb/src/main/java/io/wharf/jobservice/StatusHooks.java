package io.wharf.jobservice;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;

/**
 * Posts a job's status changes to the hook its submitter gave, {@code {"job_id","status","check_in","metadata"}}.
 * Hooks are for receivers outside Wharf: Wharf's own domains hear a job through
 * {@link JobStatusChanged}, so nothing here knows Wharf's URL or its internal secret, and no hook
 * ever carries the secret. Receivers must be idempotent, since a retry may repeat one.
 *
 * <p>Retries and the time limit are MicroProfile Fault Tolerance's, configurable as
 * {@code io.wharf.jobservice.StatusHooks/post/Retry/maxRetries} (2), {@code .../Retry/delay} (200 ms)
 * and {@code .../Timeout/value} (10000 ms, each attempt); one request's own limit is
 * {@code jobservice.hook.timeout.ms} (5000).
 */
@ApplicationScoped
public class StatusHooks {
    @Inject @ConfigProperty(name = "jobservice.hook.timeout.ms", defaultValue = "5000")
    long requestTimeoutMs;

    private HttpClient client;

    @PostConstruct
    void init() {
        client = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(Math.min(requestTimeoutMs, 3000))).build();
    }

    /** The hook body of {@code job} as it is now. */
    public static JsonObject body(Job job, String checkIn) {
        return JobStats.JSON.createObjectBuilder()
                .add("job_id", job.getId())
                .add("status", job.getStatus().wire())
                .add("check_in", checkIn == null ? "" : checkIn)
                .add("metadata", JobStats.of(job).toJson())
                .build();
    }

    /**
     * Posts one hook body. A 2xx answer is delivery; a 4xx other than 429 is a refusal that no retry
     * changes; anything else (no answer, 5xx, 429) is retried.
     *
     * @throws HookRefused when the receiver refused it
     * @throws HookNotDelivered when it could not be delivered (after the retries)
     */
    @Retry(maxRetries = 2, delay = 200, jitter = 100, abortOn = HookRefused.class)
    @Timeout(10_000)
    public void post(String hook, JsonObject body) throws HookNotDelivered, HookRefused {
        HttpRequest request = HttpRequest.newBuilder(URI.create(hook))
                .timeout(Duration.ofMillis(requestTimeoutMs))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build();
        int status;
        try {
            status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            throw new HookNotDelivered(hook + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HookNotDelivered(hook + ": interrupted");
        }
        if (status < 300) return;
        if (status >= 400 && status < 500 && status != 429) throw new HookRefused(hook + " answered " + status);
        throw new HookNotDelivered(hook + " answered " + status);
    }

    /** A hook that may be delivered if tried again. */
    public static final class HookNotDelivered extends Exception {
        public HookNotDelivered(String message) { super(message); }
    }

    /** A hook its receiver refused. */
    public static final class HookRefused extends Exception {
        public HookRefused(String message) { super(message); }
    }
}
