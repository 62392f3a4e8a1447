package io.wharf.jobservice;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Posts each status change to the job's hook, {@code {"job_id","status","check_in","metadata"}},
 * retrying a few times. Sent from the worker before it moves on, so a job's hooks arrive in order;
 * receivers must be idempotent, since a retry may repeat one.
 */
@ApplicationScoped
public class StatusHooks {
    private static final Logger LOG = Logger.getLogger(StatusHooks.class.getName());

    @Inject @ConfigProperty(name = "jobservice.hook.attempts", defaultValue = "3")
    int attempts;

    @Inject @ConfigProperty(name = "wharf.internal.secret")
    java.util.Optional<String> internalSecret;

    @Inject @ConfigProperty(name = "wharf.core.url", defaultValue = "http://127.0.0.1:8080")
    String coreUrl;

    private HttpClient client;

    @PostConstruct
    void init() {
        client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    }

    public void send(Job job, String checkIn) {
        if (job.getStatusHook() == null || job.getStatusHook().isBlank()) return;
        JsonObject body = JobStats.JSON.createObjectBuilder()
                .add("job_id", job.getId())
                .add("status", job.getStatus().wire())
                .add("check_in", checkIn == null ? "" : checkIn)
                .add("metadata", JobStats.of(job).toJson())
                .build();
        if (!post(job.getStatusHook(), body)) {
            LOG.warning("Status hook of job " + job.getId() + " (" + job.getStatus().wire() + ") was not accepted");
        }
    }

    /** Posts one hook body with retries; false when the receiver never accepted it. */
    public boolean post(String hook, JsonObject body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(hook))
                .timeout(Duration.ofSeconds(5))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
        // Wharf's own hooks are internal endpoints; the secret proves the job service sent them.
        // Any other receiver must not learn it.
        if (hook.startsWith(coreUrl + "/")) internalSecret.ifPresent(s -> request.header("Authorization", "Harbor-Secret " + s));
        for (int attempt = 1; attempt <= attempts; attempt++) {
            try {
                HttpResponse<Void> r = client.send(request.build(), HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() < 300) return true;
                if (r.statusCode() >= 400 && r.statusCode() < 500 && r.statusCode() != 429) break;
            } catch (java.io.IOException e) {
                // retried below
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            try {
                Thread.sleep(200L * attempt * attempt);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }
}
