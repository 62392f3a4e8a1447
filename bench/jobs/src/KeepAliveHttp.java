import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * One HTTP/1.1 keep-alive connection for one submitter thread: the same request written again
 * and again, the answer read by Content-Length or chunks. The JDK's HttpClient cost the client
 * about 3 ms of CPU per job on the two cores the server shares; this costs a few tens of µs, so
 * the figures measure Wharf rather than the load generator (as wrk would, but in Java so the ids
 * come back).
 */
final class KeepAliveHttp implements AutoCloseable {
    record Answer(int status, String body) {}

    private final String host;
    private final int port;
    private final byte[] request;
    private Socket socket;
    private OutputStream out;
    private InputStream in;

    /** A POST of {@code body} to {@code url} with the given Authorization, sent as often as {@link #send} is called. */
    KeepAliveHttp(String url, String authorization, String body) {
        URI uri = URI.create(url);
        host = uri.getHost();
        port = uri.getPort() < 0 ? 80 : uri.getPort();
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        String head = "POST " + uri.getRawPath() + " HTTP/1.1\r\nHost: " + host + ":" + port
                + "\r\nAuthorization: " + authorization + "\r\nContent-Type: application/json\r\nAccept: application/json"
                + "\r\nContent-Length: " + b.length + "\r\n\r\n";
        byte[] h = head.getBytes(StandardCharsets.US_ASCII);
        request = new byte[h.length + b.length];
        System.arraycopy(h, 0, request, 0, h.length);
        System.arraycopy(b, 0, request, h.length, b.length);
    }

    /** Sends the request once; reconnects once if the server closed the idle connection. */
    Answer send() throws IOException {
        try {
            return exchange();
        } catch (IOException e) {
            close();
            return exchange();
        }
    }

    private Answer exchange() throws IOException {
        if (socket == null) {
            socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(60_000);
            socket.connect(new InetSocketAddress(host, port), 5_000);
            out = socket.getOutputStream();
            in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
        }
        out.write(request);
        out.flush();
        String status = line();
        if (status == null || !status.startsWith("HTTP/1.")) throw new IOException("no HTTP answer: " + status);
        int code = Integer.parseInt(status.substring(9, 12));
        long length = -1;
        boolean chunked = false;
        boolean closeAfter = false;
        for (String h; (h = line()) != null && !h.isEmpty(); ) {
            int colon = h.indexOf(':');
            if (colon < 0) continue;
            String name = h.substring(0, colon).trim();
            String value = h.substring(colon + 1).trim();
            if (name.equalsIgnoreCase("Content-Length")) length = Long.parseLong(value);
            else if (name.equalsIgnoreCase("Transfer-Encoding")) chunked = value.toLowerCase().contains("chunked");
            else if (name.equalsIgnoreCase("Connection")) closeAfter = value.equalsIgnoreCase("close");
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream(512);
        if (chunked) {
            for (int size; (size = Integer.parseInt(line().split(";")[0].trim(), 16)) > 0; ) {
                copy(size, body);
                line();
            }
            for (String t; (t = line()) != null && !t.isEmpty(); ) { /* trailers */ }
        } else if (length >= 0) {
            copy(length, body);
        } else {
            in.transferTo(body);
            closeAfter = true;
        }
        if (closeAfter) close();
        return new Answer(code, body.toString(StandardCharsets.UTF_8));
    }

    private void copy(long n, ByteArrayOutputStream to) throws IOException {
        byte[] buf = new byte[(int) Math.min(n, 8192)];
        while (n > 0) {
            int r = in.read(buf, 0, (int) Math.min(n, buf.length));
            if (r < 0) throw new IOException("connection closed mid-answer");
            to.write(buf, 0, r);
            n -= r;
        }
    }

    private String line() throws IOException {
        StringBuilder s = new StringBuilder(64);
        for (int c; (c = in.read()) >= 0; ) {
            if (c == '\n') {
                int l = s.length();
                if (l > 0 && s.charAt(l - 1) == '\r') s.setLength(l - 1);
                return s.toString();
            }
            s.append((char) c);
        }
        return s.length() == 0 ? null : s.toString();
    }

    /** The job id in a submission's answer, without a JSON parser (the answer is Wharf's own, one "id" before any other). */
    static String jobId(String body) {
        int i = body.indexOf("\"id\":\"");
        if (i < 0) return null;
        int end = body.indexOf('"', i + 6);
        return end < 0 ? null : body.substring(i + 6, end);
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        socket = null;
    }
}
