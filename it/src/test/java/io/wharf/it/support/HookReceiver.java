package io.wharf.it.support;

import com.sun.net.httpserver.HttpServer;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A status-hook endpoint on loopback that keeps what it was sent, in arrival order. */
public final class HookReceiver implements AutoCloseable {
    private final HttpServer server;
    private final List<JsonObject> received = new ArrayList<>();
    private final List<String> authorizations = new ArrayList<>();

    public HookReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/hook", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            synchronized (received) {
                try (var reader = Json.createReader(new StringReader(body))) {
                    received.add(reader.readObject());
                }
                authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
    }

    public String url() { return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook"; }

    public List<JsonObject> received() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    /** The statuses posted for one job, in order. */
    public List<String> statuses(String jobId) {
        return received().stream().filter(h -> h.getString("job_id").equals(jobId)).map(h -> h.getString("status")).toList();
    }

    public List<String> authorizations() {
        synchronized (received) {
            return new ArrayList<>(authorizations);
        }
    }

    @Override
    public void close() { server.stop(0); }
}
