package io.wharf.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.sun.net.httpserver.HttpServer;
import io.wharf.config.WharfConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A scanner reads a layer through the gateway's pooled client: the registry's own answer, or its
 * storage's when the registry redirects there, and the registry's credentials never go to storage.
 */
class RegistryUpstreamBlobTest {
    private static final String LAYER = "/v2/hpc/app/blobs/sha256:" + "a".repeat(64);
    private HttpServer server;
    private final Map<String, String> authorizations = new ConcurrentHashMap<>();
    private final RegistryUpstream upstream = new RegistryUpstream();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            authorizations.put(path, String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            if (path.equals(LAYER)) {
                exchange.getResponseHeaders().add("Location", "/storage/layer?signature=xyz");
                exchange.sendResponseHeaders(307, -1);
            } else if (path.equals("/storage/layer")) {
                byte[] body = "layer bytes".getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            } else {
                exchange.sendResponseHeaders(404, -1);
            }
            exchange.close();
        });
        server.start();
        upstream.config = new WharfConfig() {
            @Override public Duration registryConnectTimeout() { return Duration.ofSeconds(2); }
            @Override public String registryUrl() { return base(); }
        };
        upstream.init();
    }

    @AfterEach
    void stop() {
        upstream.close();
        server.stop(0);
    }

    private String base() { return "http://127.0.0.1:" + server.getAddress().getPort(); }

    @Test
    void aRedirectToStorageIsFollowedWithoutTheRegistrysCredentials() throws IOException {
        UpstreamAnswer answer = upstream.get(base() + LAYER, "Bearer job-token");
        assertEquals(200, answer.statusCode());
        try (InputStream in = answer.body()) {
            assertEquals("layer bytes", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        assertEquals("Bearer job-token", authorizations.get(LAYER));
        assertEquals("null", authorizations.get("/storage/layer"), "storage never sees the registry's token");
    }

    @Test
    void aRegistryRestartedOnItsPortIsNotAFailureForTheNextPull() throws IOException {
        UpstreamAnswer first = upstream.exchange("GET", "/v2/", Map.of(), null, -1);
        first.body().close(); // the connection goes back to the pool, open
        int port = server.getAddress().getPort();
        server.stop(0); // closes that connection, as a restarted registry does
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/", exchange -> {
            exchange.sendResponseHeaders(401, -1);
            exchange.close();
        });
        server.start();
        UpstreamAnswer again = upstream.exchange("GET", "/v2/", Map.of(), null, -1);
        assertEquals(401, again.statusCode(), "the new registry's answer, not an I/O error from the closed connection");
        again.body().close();
        UpstreamAnswer head = upstream.exchange("HEAD", "/v2/", Map.of(), null, -1);
        assertEquals(401, head.statusCode());
        head.body().close();
    }

    @Test
    void aMissingLayerIsTheRegistrysAnswer() throws IOException {
        UpstreamAnswer answer = upstream.get(base() + "/v2/hpc/app/blobs/sha256:" + "b".repeat(64), "Bearer job-token");
        assertEquals(404, answer.statusCode());
        answer.body().close();
        assertNull(authorizations.get("/storage/layer"));
    }
}
