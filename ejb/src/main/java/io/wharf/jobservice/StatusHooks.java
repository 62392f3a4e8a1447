package io.wharf.jobservice;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.http.io.support.ClassicRequestBuilder;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.Timeout;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.faulttolerance.Retry;

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

    /** Wharf's one client stack (Apache HttpClient 5, pooled), with a pool of its own: receivers are not the registry. */
    private CloseableHttpClient client;

    @PostConstruct
    void init() {
        client = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setMaxConnTotal(64)
                        .setMaxConnPerRoute(16)
                        .setDefaultConnectionConfig(ConnectionConfig.custom()
                                .setConnectTimeout(Math.min(requestTimeoutMs, 3000), TimeUnit.MILLISECONDS)
                                .setSocketTimeout((int) requestTimeoutMs, TimeUnit.MILLISECONDS)
                                .build())
                        .build())
                .setDefaultRequestConfig(RequestConfig.custom().setResponseTimeout(Timeout.ofMilliseconds(requestTimeoutMs)).build())
                .disableAutomaticRetries()
                .disableRedirectHandling()
                .disableCookieManagement()
                .build();
    }

    @PreDestroy
    void close() {
        client.close(CloseMode.GRACEFUL);
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
    @org.eclipse.microprofile.faulttolerance.Timeout(10_000)
    public void post(String hook, JsonObject body) throws HookNotDelivered, HookRefused {
        int status;
        try {
            status = client.execute(ClassicRequestBuilder.post(hook)
                    .setEntity(new StringEntity(body.toString(), ContentType.APPLICATION_JSON))
                    .build(), response -> response.getCode());
        } catch (IOException | IllegalArgumentException e) {
            throw new HookNotDelivered(hook + ": " + e.getMessage());
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
