package io.wharf.it.support;

import com.sun.net.httpserver.HttpServer;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;

/**
 * A webhook receiver on loopback that keeps every delivery (path, headers, body) in arrival order.
 * {@code /ok/...} answers 200; {@code /flaky/...} answers 500 to the first delivery of each event
 * id and 200 to the next; {@code /hang/...} answers only after a minute. Its port is
 * {@code it.webhook.port} when set, else one the system picks.
 */
public final class WebhookReceiver implements AutoCloseable {
    /** One delivery as it arrived. */
    public record Delivery(String path, String eventId, String contentType, String authorization, JsonObject body) {}

    private final HttpServer server;
    private final List<Delivery> received = new ArrayList<>();
    private final Set<String> failedOnce = new HashSet<>();

    public WebhookReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", Integer.getInteger("it.webhook.port", 0)), 50);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String path = exchange.getRequestURI().getPath();
            String eventId = exchange.getRequestHeaders().getFirst("X-Wharf-Event-Id");
            JsonObject json;
            try (var reader = Json.createReader(new StringReader(body))) {
                json = reader.readObject();
            }
            int status = 200;
            synchronized (received) {
                received.add(new Delivery(path, eventId, exchange.getRequestHeaders().getFirst("Content-Type"),
                        exchange.getRequestHeaders().getFirst("Authorization"), json));
                if (path.startsWith("/flaky/") && failedOnce.add(eventId)) status = 500;
            }
            if (path.startsWith("/hang/")) {
                try {
                    Thread.sleep(60_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
    }

    public String url(String path) { return "http://127.0.0.1:" + server.getAddress().getPort() + path; }

    public List<Delivery> received(String path) {
        synchronized (received) {
            return received.stream().filter(d -> d.path().equals(path)).toList();
        }
    }

    @Override
    public void close() { server.stop(0); }
}
