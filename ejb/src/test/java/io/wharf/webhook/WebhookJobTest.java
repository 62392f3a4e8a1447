package io.wharf.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.wharf.jobservice.JobContext;
import io.wharf.jobservice.JobLog;
import io.wharf.jobservice.JobLogs;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One delivery attempt against a real HTTP receiver: what the receiver answers decides whether
 * the task succeeds, is tried again (the job fails, the job service retries it after its backoff)
 * or ends refused; the receiver sees the event id and the target's Authorization header.
 */
class WebhookJobTest {
    private HttpServer receiver;
    private final ConcurrentLinkedQueue<Integer> answers = new ConcurrentLinkedQueue<>();
    private final List<String> bodies = new CopyOnWriteArrayList<>();
    private final List<String> eventIds = new CopyOnWriteArrayList<>();
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private final List<String> contentTypes = new CopyOnWriteArrayList<>();
    private final WebhookSender sender = new WebhookSender();
    private Path logDir;

    /** The store a job sees: one policy, one execution, one task, kept in memory. */
    private static final class MemoryStore extends WebhookStore {
        WebhookPolicy policy;
        WebhookExecution execution;
        WebhookTask task;
        final List<String> ends = new ArrayList<>();

        @Override public Optional<WebhookTask> task(long id) { return Optional.ofNullable(task); }
        @Override public Optional<WebhookExecution> execution(long id) { return Optional.ofNullable(execution); }
        @Override public Optional<WebhookPolicy> policy(long id) { return Optional.ofNullable(policy); }
        @Override public Optional<Long> earlierUnfinished(WebhookTask t) { return Optional.empty(); }
        @Override public void attempt(long taskId, String message) { task.attempt(message); }

        @Override
        public void end(long taskId, String status, String message) {
            task.end(status, message);
            ends.add(status);
        }
    }

    @BeforeEach
    void start() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                bodies.add(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
            eventIds.add(exchange.getRequestHeaders().getFirst("X-Wharf-Event-Id"));
            authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
            contentTypes.add(exchange.getRequestHeaders().getFirst("Content-Type"));
            Integer code = answers.poll();
            exchange.sendResponseHeaders(code == null ? 200 : code, -1);
            exchange.close();
        });
        receiver.start();
        sender.timeoutMs = 2000;
        sender.init();
        logDir = Files.createTempDirectory("webhook-job");
    }

    @AfterEach
    void stop() throws IOException {
        sender.close();
        receiver.stop(0);
        try (var files = Files.walk(logDir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private MemoryStore storeFor(WebhookTarget target) throws Exception {
        MemoryStore store = new MemoryStore();
        store.policy = new WebhookPolicy(5, "admin");
        store.policy.set("ci", null, List.of("PUSH_ARTIFACT"), List.of(target), true);
        setId(store.policy, 3L);
        JsonObject data = WebhookPayloads.artifactData("localhost", "p/r", "v1", "sha256:" + "ab".repeat(32), null, null);
        store.execution = new WebhookExecution(3, "audit-17", "PUSH_ARTIFACT",
                WebhookPayloads.harbor("PUSH_ARTIFACT", Instant.now(), "alice", data).toString(), "EVENT");
        setId(store.execution, 11L);
        store.task = new WebhookTask(11, 3, 0, target.address());
        setId(store.task, 21L);
        return store;
    }

    private static void setId(Object entity, long id) throws Exception {
        Field f = entity.getClass().getDeclaredField("id");
        f.setAccessible(true);
        f.set(entity, id);
    }

    private WebhookJob job(MemoryStore store, int maxAttempts) {
        WebhookJob job = new WebhookJob();
        job.store = store;
        job.sender = sender;
        job.maxAttempts = maxAttempts;
        job.orderWaitMs = 0;
        return job;
    }

    private JobContext context() throws IOException {
        JobLogs logs = new JobLogs();
        try {
            Field dir = JobLogs.class.getDeclaredField("logDir");
            dir.setAccessible(true);
            dir.set(logs, Optional.of(logDir.toString()));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
        JobLog log = logs.open("job-1");
        return new JobContext() {
            @Override public String jobId() { return "job-1"; }
            @Override public JsonObject parameters() { return Json.createObjectBuilder().add(WebhookJob.TASK_ID, 21).build(); }
            @Override public JobLog log() { return log; }
            @Override public void checkIn(String message) { }
            @Override public boolean stopRequested() { return false; }
        };
    }

    private String url() { return "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook"; }

    @Test
    void aReceiverThatFailsOnceGetsTheEventOnTheRetry() throws Exception {
        MemoryStore store = storeFor(WebhookTarget.checked("http", url(), "Bearer s3cret", false, "Default"));
        WebhookJob job = job(store, 5);
        answers.add(500);
        assertThrows(WebhookJob.DeliveryFailed.class, () -> job.run(context()));
        assertEquals("Scheduled", store.task.getStatus());
        job.run(context());
        assertEquals("Success", store.task.getStatus());
        assertEquals(2, store.task.getRunCount());
        assertEquals(List.of("audit-17", "audit-17"), eventIds);
        assertEquals(List.of("Bearer s3cret", "Bearer s3cret"), authorizations);
        assertEquals(bodies.get(0), bodies.get(1), "a retry sends the same body");
        assertTrue(bodies.get(0).contains("\"type\":\"PUSH_ARTIFACT\""), bodies.get(0));
    }

    @Test
    void aRefusalIsNotRetried() throws Exception {
        MemoryStore store = storeFor(WebhookTarget.checked("http", url(), null, false, "Default"));
        answers.add(404);
        job(store, 5).run(context());
        assertEquals("Error", store.task.getStatus());
        assertTrue(store.task.getStatusMessage().contains("404"), store.task.getStatusMessage());
        assertEquals(1, authorizations.size());
        assertNull(authorizations.get(0), "no Authorization header when the target has none");
    }

    @Test
    void theLastAttemptEndsTheTaskInError() throws Exception {
        MemoryStore store = storeFor(WebhookTarget.checked("http", url(), null, false, "Default"));
        WebhookJob job = job(store, 2);
        answers.add(503);
        answers.add(429);
        assertThrows(WebhookJob.DeliveryFailed.class, () -> job.run(context()));
        assertThrows(WebhookJob.DeliveryFailed.class, () -> job.run(context()));
        assertEquals(List.of("Scheduled", "Error"), store.ends);
    }

    @Test
    void aDeadReceiverIsRetriedAndCloudEventsGoAsStructuredJson() throws Exception {
        int port = receiver.getAddress().getPort();
        receiver.stop(0);
        MemoryStore store = storeFor(WebhookTarget.checked("http", "http://127.0.0.1:" + port + "/hook", null, false, "CloudEvents"));
        assertThrows(WebhookJob.DeliveryFailed.class, () -> job(store, 5).run(context()));
        assertTrue(store.task.getStatusMessage().startsWith("no answer"), store.task.getStatusMessage());
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        receiver.createContext("/hook", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                bodies.add(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
            contentTypes.add(exchange.getRequestHeaders().getFirst("Content-Type"));
            exchange.sendResponseHeaders(202, -1);
            exchange.close();
        });
        receiver.start();
        job(store, 5).run(context());
        assertEquals("Success", store.task.getStatus());
        assertTrue(contentTypes.get(0).startsWith("application/cloudevents+json"), contentTypes.get(0));
        assertTrue(bodies.get(0).contains("\"specversion\":\"1.0\"") && bodies.get(0).contains("\"id\":\"audit-17\""), bodies.get(0));
    }

    @Test
    void outcomesFollowTheStatusCode() {
        assertEquals(WebhookJob.Outcome.DELIVERED, WebhookJob.outcome(204));
        assertEquals(WebhookJob.Outcome.RETRY, WebhookJob.outcome(500));
        assertEquals(WebhookJob.Outcome.RETRY, WebhookJob.outcome(429));
        assertEquals(WebhookJob.Outcome.RETRY, WebhookJob.outcome(408));
        assertEquals(WebhookJob.Outcome.RETRY, WebhookJob.outcome(302));
        assertEquals(WebhookJob.Outcome.REFUSED, WebhookJob.outcome(401));
    }
}
