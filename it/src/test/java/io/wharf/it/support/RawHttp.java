package io.wharf.it.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * HTTP/1.1 written by hand, for what java.net.http will not send: request lines with raw bytes,
 * and connections from another loopback address (127.0.0.x) as if from another client.
 */
public final class RawHttp {
    private RawHttp() {}

    public record Answer(int status, String head, String body) {
        public String header(String name) {
            for (String line : head.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).equalsIgnoreCase(name)) return line.substring(colon + 1).strip();
            }
            return null;
        }

        @Override public String toString() { return status + " " + head.replace("\r\n", " | ") + " " + body; }
    }

    /** Sends {@code method target} (raw bytes as given, ISO-8859-1) with the headers and body, from {@code localAddress} (null: any). */
    public static Answer send(String localAddress, String method, byte[] target, String body, String... headers) {
        URI base = URI.create(Stack.url());
        try (Socket s = new Socket()) {
            if (localAddress != null) s.bind(new InetSocketAddress(InetAddress.getByName(localAddress), 0));
            s.connect(new InetSocketAddress(base.getHost(), base.getPort()), 10_000);
            s.setSoTimeout(30_000);
            ByteArrayOutputStream req = new ByteArrayOutputStream();
            req.write((method + " ").getBytes(StandardCharsets.ISO_8859_1));
            req.write(target);
            StringBuilder h = new StringBuilder(" HTTP/1.1\r\nHost: " + base.getHost() + ":" + base.getPort() + "\r\nConnection: close\r\n");
            for (int i = 0; i + 1 < headers.length; i += 2) h.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
            byte[] payload = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
            if (body != null) h.append("Content-Length: ").append(payload.length).append("\r\n");
            h.append("\r\n");
            req.write(h.toString().getBytes(StandardCharsets.ISO_8859_1));
            req.write(payload);
            OutputStream out = s.getOutputStream();
            out.write(req.toByteArray());
            out.flush();
            InputStream in = s.getInputStream();
            byte[] all = in.readNBytes(1 << 20);
            String text = new String(all, StandardCharsets.ISO_8859_1);
            int end = text.indexOf("\r\n\r\n");
            String head = end < 0 ? text : text.substring(0, end);
            String rest = end < 0 ? "" : text.substring(end + 4);
            String[] statusLine = head.split(" ", 3);
            int status = statusLine.length > 1 && statusLine[1].matches("\\d{3}") ? Integer.parseInt(statusLine[1]) : -1;
            if (head.toLowerCase(Locale.ROOT).contains("transfer-encoding: chunked")) rest = dechunk(rest);
            return new Answer(status, head, rest);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Answer send(String method, String target, String... headers) {
        return send(null, method, target.getBytes(StandardCharsets.ISO_8859_1), null, headers);
    }

    private static String dechunk(String s) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < s.length()) {
            int eol = s.indexOf("\r\n", i);
            if (eol < 0) break;
            int size;
            try {
                size = Integer.parseInt(s.substring(i, eol).split(";")[0].strip(), 16);
            } catch (NumberFormatException e) {
                return s;
            }
            if (size == 0) break;
            int start = eol + 2;
            out.append(s, start, Math.min(s.length(), start + size));
            i = start + size + 2;
        }
        return out.toString();
    }
}
