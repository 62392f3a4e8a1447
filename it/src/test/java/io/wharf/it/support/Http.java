package io.wharf.it.support;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonStructure;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/** A small HTTP client for tests: a request is a method, a URL, headers and an optional body. */
public final class Http {
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10)).followRedirects(HttpClient.Redirect.NEVER).build();

    private Http() {}

    public record Response(int status, java.net.http.HttpHeaders headers, byte[] bytes) {
        public String body() { return new String(bytes, StandardCharsets.UTF_8); }
        public Optional<String> header(String name) { return headers.firstValue(name); }
        /** The id a 201 names at the end of its Location header. */
        public long createdId() {
            String location = header("Location").orElseThrow(() -> new AssertionError("no Location in " + this));
            return Long.parseLong(location.substring(location.lastIndexOf('/') + 1));
        }
        public JsonObject json() { return (JsonObject) parse(); }
        public JsonArray jsonArray() { return (JsonArray) parse(); }
        private JsonStructure parse() {
            try (var reader = Json.createReader(new StringReader(body()))) {
                return reader.read();
            }
        }
        /** The first error code of a Harbor or registry error body. */
        public String errorCode() { return json().getJsonArray("errors").getJsonObject(0).getString("code"); }
        @Override public String toString() { return status + " " + body(); }
    }

    public static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    public static String bearer(String token) { return "Bearer " + token; }

    public static Response send(String method, String url, String body, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60));
        for (int i = 0; i + 1 < headers.length; i += 2) {
            if (headers[i + 1] != null) b.header(headers[i], headers[i + 1]);
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return sendRaw(b);
    }

    public static Response sendBytes(String method, String url, byte[] body, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60));
        for (int i = 0; i + 1 < headers.length; i += 2) {
            if (headers[i + 1] != null) b.header(headers[i], headers[i + 1]);
        }
        b.method(method, HttpRequest.BodyPublishers.ofByteArray(body));
        return sendRaw(b);
    }

    /** Sends the body without a length (Transfer-Encoding: chunked), as skopeo sends a layer. */
    public static Response sendChunked(String method, String url, byte[] body, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60));
        for (int i = 0; i + 1 < headers.length; i += 2) {
            if (headers[i + 1] != null) b.header(headers[i], headers[i + 1]);
        }
        b.method(method, HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(body)));
        return sendRaw(b);
    }

    private static Response sendRaw(HttpRequest.Builder b) {
        try {
            HttpResponse<byte[]> r = CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Response(r.statusCode(), r.headers(), r.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static Response get(String url, String... headers) { return send("GET", url, null, headers); }

    public static Response postJson(String url, String json, String authorization) {
        return send("POST", url, json, "Content-Type", "application/json", "Authorization", authorization);
    }

    public static Response putJson(String url, String json, String authorization) {
        return send("PUT", url, json, "Content-Type", "application/json", "Authorization", authorization);
    }

    public static List<String> all(Response r, String header) { return r.headers().allValues(header); }
}
