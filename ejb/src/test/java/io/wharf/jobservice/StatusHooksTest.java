package io.wharf.jobservice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.sun.net.httpserver.HttpServer;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A hook reaches a receiver outside Wharf as JSON, without any credential; the answer decides
 * whether it is delivered, refused for good, or worth another attempt (Fault Tolerance retries it
 * in the server; here each call is one attempt).
 */
class StatusHooksTest {
    private HttpServer receiver;
    private final AtomicInteger answer = new AtomicInteger(200);
    private final List<String> bodies = new CopyOnWriteArrayList<>();
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private final StatusHooks hooks = new StatusHooks();

    @BeforeEach
    void start() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                bodies.add(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
            authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
            exchange.sendResponseHeaders(answer.get(), -1);
            exchange.close();
        });
        receiver.start();
        hooks.requestTimeoutMs = 2000;
        hooks.init();
    }

    @AfterEach
    void stop() {
        hooks.close();
        receiver.stop(0);
    }

    private String url() { return "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook"; }

    @Test
    void aChangeArrivesAsHarborsHookBodyWithoutCredentials() throws Exception {
        Job job = new Job("j-1", "SAMPLE", JobKind.GENERIC, "{}", url(), null, false, null, 1, Instant.now(), Instant.now());
        hooks.post(url(), StatusHooks.body(job, "step 1"));
        JsonObject got = Json.createReader(new java.io.StringReader(bodies.get(0))).readObject();
        assertEquals("j-1", got.getString("job_id"));
        assertEquals("Pending", got.getString("status"));
        assertEquals("step 1", got.getString("check_in"));
        assertNull(authorizations.get(0));
    }

    @Test
    void aRefusalIsFinalAndAnythingElseIsWorthRetrying() {
        JsonObject body = Json.createObjectBuilder().add("job_id", "j-2").add("status", "Running").build();
        answer.set(404);
        assertThrows(StatusHooks.HookRefused.class, () -> hooks.post(url(), body));
        answer.set(429);
        assertThrows(StatusHooks.HookNotDelivered.class, () -> hooks.post(url(), body));
        answer.set(503);
        assertThrows(StatusHooks.HookNotDelivered.class, () -> hooks.post(url(), body));
        receiver.stop(0);
        assertThrows(StatusHooks.HookNotDelivered.class, () -> hooks.post(url(), body), "nobody listening");
    }
}
