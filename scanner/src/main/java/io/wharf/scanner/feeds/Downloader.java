package io.wharf.scanner.feeds;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.ProxySelector;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.impl.routing.SystemDefaultRoutePlanner;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.util.Timeout;

/**
 * One conditional GET, streamed to a file with a size cap. Redirects are followed by hand under {@link RedirectRule}.
 * A body shorter than its {@code Content-Length} (a connection cut mid-way) is an error, never a file to import.
 * Built on the pooled Apache HttpClient 5 that Wharf uses for every call it makes to another system.
 */
public final class Downloader implements AutoCloseable {
    private static final int BUFFER = 64 * 1024;

    private final CloseableHttpClient client;
    private final Duration timeout;
    private final Map<String, String> headers;
    private final long maxBytes;

    /**
     * @param timeout for connecting, for the answer's headers, and for any silence while the body arrives (a
     *                server that stops sending mid-body is given up on after this long, never waited on forever)
     */
    public Downloader(ProxySelector proxies, Duration timeout, Map<String, String> headers, long maxBytes) {
        Timeout t = Timeout.of(timeout.toMillis(), TimeUnit.MILLISECONDS);
        this.client = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setDefaultConnectionConfig(ConnectionConfig.custom().setConnectTimeout(t).setSocketTimeout(t).build())
                        .build())
                .setDefaultRequestConfig(RequestConfig.custom().setResponseTimeout(t).setRedirectsEnabled(false).build())
                .setRoutePlanner(new SystemDefaultRoutePlanner(proxies))
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .disableCookieManagement()
                .build();
        this.timeout = timeout;
        this.headers = Map.copyOf(headers);
        this.maxBytes = maxBytes;
    }

    /**
     * @param status       200 (new content in the file) or 304 (not modified, no file)
     * @param etag         the new content's ETag, or null
     * @param lastModified its Last-Modified, or null
     */
    public record Result(int status, String etag, String lastModified, long bytes) {
    }

    /**
     * @param etag         sent as {@code If-None-Match} when not null
     * @param lastModified sent as {@code If-Modified-Since} when not null
     * @param target       written only on a 200 (created or replaced)
     */
    public Result fetch(URI url, String etag, String lastModified, Path target) throws IOException {
        URI uri = url;
        for (int hop = 0; ; hop++) {
            HttpGet request = new HttpGet(uri);
            request.setHeader("User-Agent", "wharf-vulndb-updater");
            headers.forEach(request::setHeader);
            if (etag != null) {
                request.setHeader("If-None-Match", etag);
            }
            if (lastModified != null) {
                request.setHeader("If-Modified-Since", lastModified);
            }
            Answer answer = execute(request, uri, target);
            int status = answer.status;
            if (status == 301 || status == 302 || status == 303 || status == 307 || status == 308) {
                if (hop >= RedirectRule.MAX_REDIRECTS) {
                    throw new IOException("more than " + RedirectRule.MAX_REDIRECTS + " redirects from " + redact(url));
                }
                uri = RedirectRule.follow(uri, answer.location);
                continue;
            }
            if (status == 304) {
                return new Result(304, etag, lastModified, 0);
            }
            if (status != 200) {
                throw new IOException("HTTP " + status + " from " + redact(uri));
            }
            return new Result(200, answer.etag, answer.lastModified, answer.written);
        }
    }

    private record Answer(int status, String location, String etag, String lastModified, long written) {
    }

    private Answer execute(HttpGet request, URI uri, Path target) throws IOException {
        long[] written = {0};
        boolean[] started = {false};
        try {
            return client.execute(request, response -> {
                int status = response.getCode();
                if (status != 200) {
                    return new Answer(status, value(response, "Location"), null, null, 0);
                }
                started[0] = true;
                Long length = contentLength(response);
                if (length != null && length > maxBytes) {
                    throw new IOException(redact(uri) + ": the file is " + length + " bytes, more than the limit of "
                            + maxBytes);
                }
                HttpEntity entity = response.getEntity();
                try (OutputStream out = Files.newOutputStream(target)) {
                    if (entity != null) {
                        try (InputStream in = entity.getContent()) {
                            copyCapped(in, out, uri, written);
                        }
                    }
                }
                if (length != null && written[0] != length) {
                    throw new IOException("incomplete download from " + redact(uri) + ": " + written[0] + " of "
                            + length + " bytes");
                }
                return new Answer(200, null, value(response, "ETag"), value(response, "Last-Modified"), written[0]);
            });
        } catch (SocketTimeoutException e) {
            throw started[0]
                    ? new IOException("download from " + redact(uri) + " stalled: nothing received for "
                            + timeout.toSeconds() + " s after " + written[0] + " bytes")
                    : new IOException("no answer from " + redact(uri) + " within " + timeout.toSeconds() + " s");
        } catch (InterruptedIOException e) {
            throw new InterruptedIOException("interrupted while downloading " + redact(uri));
        } catch (IOException e) {
            String why = e.getMessage() == null ? e.toString() : e.getMessage();
            if (why.startsWith("incomplete download") || why.startsWith(redact(uri))) {
                throw e;
            }
            throw new IOException(written[0] > 0 || started[0]
                    ? "download from " + redact(uri) + " broke off after " + written[0] + " bytes: " + why
                    : "cannot download " + redact(uri) + ": " + why, e);
        }
    }

    /** Copies while counting into {@code written[0]}, so a download that breaks off can say how far it got. */
    private void copyCapped(InputStream in, OutputStream out, URI uri, long[] written) throws IOException {
        byte[] buffer = new byte[BUFFER];
        for (int n; (n = in.read(buffer)) >= 0; ) {
            written[0] += n;
            if (written[0] > maxBytes) {
                throw new IOException(redact(uri) + ": the file is larger than the limit of " + maxBytes + " bytes");
            }
            out.write(buffer, 0, n);
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedIOException();
            }
        }
    }

    private static Long contentLength(ClassicHttpResponse response) {
        String v = value(response, "Content-Length");
        if (v == null) {
            return null;
        }
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String value(ClassicHttpResponse response, String name) {
        Header h = response.getFirstHeader(name);
        return h == null ? null : h.getValue();
    }

    @Override
    public void close() {
        try {
            client.close();
        } catch (IOException ignored) {
            // nothing is left to flush: every download ended before this
        }
    }

    /** A URL as it may be logged: without user info or query (either may carry a key). */
    public static String redact(URI uri) {
        String s = uri.getScheme() + "://" + uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "")
                + (uri.getRawPath() == null ? "" : uri.getRawPath());
        return uri.getRawQuery() == null ? s : s + "?…";
    }
}
