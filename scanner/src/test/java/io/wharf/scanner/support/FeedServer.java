package io.wharf.scanner.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A local HTTP server for the updater's tests: serves files with an ETag (their SHA-256) and Last-Modified, answers
 * 304 to a matching {@code If-None-Match}, and can misbehave on purpose: cut a body mid-way, answer 500, answer
 * garbage, redirect.
 */
public final class FeedServer implements AutoCloseable {
    /** CUT: headers, half the body, then silence on an open connection (see {@link #cutUri} for a closed one). */
    public enum Mode { NORMAL, STALL, ERROR_500, GARBAGE }

    private record Served(byte[] body, String etag, String lastModified, Mode mode, String redirect) {
    }

    private final HttpServer server;
    private final Map<String, Served> files = new ConcurrentHashMap<>();
    /** "GET /path status" per request, and the request headers seen. */
    public final List<String> requests = Collections.synchronizedList(new ArrayList<>());
    public final List<Map<String, List<String>>> requestHeaders = Collections.synchronizedList(new ArrayList<>());

    public FeedServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
        cutSocket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(this::serveCut, "feed-server-cut");
        t.setDaemon(true);
        t.start();
    }

    private final ServerSocket cutSocket;

    /**
     * The same file on a second port whose every answer promises the whole body ({@code Content-Length}), sends
     * half of it and closes the connection: a download cut mid-way.
     */
    public URI cutUri(String path) {
        return URI.create("http://127.0.0.1:" + cutSocket.getLocalPort() + path);
    }

    private void serveCut() {
        while (!cutSocket.isClosed()) {
            try (Socket socket = cutSocket.accept()) {
                BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                        StandardCharsets.ISO_8859_1));
                String requestLine = in.readLine();
                String line;
                while ((line = in.readLine()) != null && !line.isEmpty()) {
                    // headers: not needed
                }
                String path = requestLine == null ? "" : requestLine.split(" ")[1];
                Served s = files.get(path);
                byte[] body = s == null ? new byte[0] : s.body();
                requests.add("GET " + path + " 200-cut");
                OutputStream out = socket.getOutputStream();
                out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + body.length + "\r\nETag: \"cut\"\r\n\r\n")
                        .getBytes(StandardCharsets.ISO_8859_1));
                out.write(body, 0, body.length / 2);
                out.flush();
            } catch (IOException | RuntimeException e) {
                // closed by close(), or a client that went away
            }
        }
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    public void serve(String path, byte[] body) {
        serve(path, body, Mode.NORMAL);
    }

    public void serve(String path, byte[] body, Mode mode) {
        files.put(path, new Served(body, "\"" + sha256(body) + "\"",
                DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC)), mode, null));
    }

    public void redirect(String path, String location) {
        files.put(path, new Served(new byte[0], null, null, Mode.NORMAL, location));
    }

    public int requestsFor(String path) {
        return (int) requests.stream().filter(r -> r.startsWith("GET " + path + " ")).count();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        requestHeaders.add(Map.copyOf(exchange.getRequestHeaders()));
        Served s = files.get(path);
        try (exchange) {
            if (s == null) {
                respond(exchange, path, 404, new byte[0]);
            } else if (s.redirect() != null) {
                exchange.getResponseHeaders().add("Location", s.redirect());
                respond(exchange, path, 302, new byte[0]);
            } else if (s.mode() == Mode.ERROR_500) {
                respond(exchange, path, 500, "internal error".getBytes());
            } else if (s.mode() == Mode.GARBAGE) {
                respond(exchange, path, 200, "<html><body>Service temporarily unavailable</body></html>".getBytes());
            } else if (s.etag().equals(exchange.getRequestHeaders().getFirst("If-None-Match"))) {
                exchange.getResponseHeaders().add("ETag", s.etag());
                requests.add("GET " + path + " 304");
                exchange.sendResponseHeaders(304, -1);
            } else {
                exchange.getResponseHeaders().add("ETag", s.etag());
                exchange.getResponseHeaders().add("Last-Modified", s.lastModified());
                if (s.mode() == Mode.STALL) {
                    // promise the whole body, send half of it, then nothing more
                    requests.add("GET " + path + " 200-stall");
                    exchange.sendResponseHeaders(200, s.body().length);
                    OutputStream out = exchange.getResponseBody();
                    out.write(s.body(), 0, s.body().length / 2);
                    out.flush();
                    try {
                        out.close();
                    } catch (IOException expected) {
                        // "insufficient bytes written": the server closes the connection
                    }
                } else {
                    respond(exchange, path, 200, s.body());
                }
            }
        }
    }

    private void respond(HttpExchange exchange, String path, int status, byte[] body) throws IOException {
        requests.add("GET " + path + " " + status);
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    /** An OSV {@code all.zip} as OSV publishes it: one {@code <id>.json} per record, at the top level. */
    public static byte[] osvZip(Path... records) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
                for (Path r : records) {
                    zip.putNextEntry(new ZipEntry(r.getFileName().toString()));
                    zip.write(Files.readAllBytes(r));
                    zip.closeEntry();
                }
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A zip with one entry of the given name (for zip-slip tests). */
    public static byte[] zipWithEntry(String name, byte[] content) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
                zip.putNextEntry(new ZipEntry(name));
                zip.write(content);
                zip.closeEntry();
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha256(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        try {
            cutSocket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
