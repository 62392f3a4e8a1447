package io.wharf.replication;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP/1.1 proxy in front of a registry that drops the connection in the middle of the
 * {@code cutPatch}-th PATCH (after {@code cutAfter} bytes of its body, none of which reach the
 * registry): the network failing while a blob is uploaded. It records each request line with its
 * Content-Range, and rewrites the registry's Location headers to point back at itself.
 */
final class CuttingProxy implements AutoCloseable {
    private static final Set<String> HOP = Set.of("host", "connection", "content-length", "transfer-encoding", "expect", "upgrade", "keep-alive");
    private final ServerSocket server;
    private final String target;
    private final int cutPatch;
    private final int cutAfter;
    private final AtomicInteger patches = new AtomicInteger();
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    final List<String> seen = Collections.synchronizedList(new ArrayList<>());

    CuttingProxy(String target, int cutPatch, int cutAfter) throws IOException {
        this.server = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
        this.target = target;
        this.cutPatch = cutPatch;
        this.cutAfter = cutAfter;
        Thread t = new Thread(this::accept, "cutting-proxy");
        t.setDaemon(true);
        t.start();
    }

    String url() { return "http://127.0.0.1:" + server.getLocalPort(); }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                Thread t = new Thread(() -> serve(s), "cutting-proxy-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket; InputStream in = socket.getInputStream(); OutputStream out = socket.getOutputStream()) {
            while (true) {
                String requestLine = line(in);
                if (requestLine == null || requestLine.isEmpty()) return;
                Map<String, String> headers = new LinkedHashMap<>();
                for (String h = line(in); h != null && !h.isEmpty(); h = line(in)) {
                    int c = h.indexOf(':');
                    headers.put(h.substring(0, c).strip().toLowerCase(Locale.ROOT), h.substring(c + 1).strip());
                }
                String[] parts = requestLine.split(" ");
                String method = parts[0];
                seen.add(method + " " + headers.getOrDefault("content-range", ""));
                long length = Long.parseLong(headers.getOrDefault("content-length", "0"));
                if (method.equals("PATCH") && patches.incrementAndGet() == cutPatch) {
                    in.readNBytes(Math.min(cutAfter, (int) length));
                    seen.add("CUT");
                    socket.setSoLinger(true, 0); // a reset, as a dropped connection looks to the sender
                    return;
                }
                byte[] body = in.readNBytes((int) length);
                HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(target + parts[1]))
                        .method(method, body.length == 0 ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
                headers.forEach((k, v) -> { if (!HOP.contains(k)) b.header(k, v); });
                HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
                StringBuilder head = new StringBuilder("HTTP/1.1 ").append(r.statusCode()).append(" X\r\n");
                r.headers().map().forEach((k, vs) -> {
                    if (HOP.contains(k.toLowerCase(Locale.ROOT)) || k.startsWith(":")) return;
                    for (String v : vs) head.append(k).append(": ").append(v.replace(target, url())).append("\r\n");
                });
                byte[] rb = method.equals("HEAD") ? new byte[0] : r.body();
                long declared = method.equals("HEAD") ? r.headers().firstValueAsLong("content-length").orElse(0) : rb.length;
                head.append("Content-Length: ").append(declared).append("\r\n\r\n");
                out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
                out.write(rb);
                out.flush();
            }
        } catch (Exception e) {
            // the connection ends
        }
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') break;
            if (c != '\r') b.write(c);
        }
        if (c < 0 && b.size() == 0) return null;
        return b.toString(StandardCharsets.ISO_8859_1);
    }

    @Override public void close() throws IOException { server.close(); }
}
