package io.wharf.scanner.feeds;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;

/**
 * One conditional GET, streamed to a file with a size cap. Redirects are followed by hand under {@link RedirectRule}.
 * A body shorter than its {@code Content-Length} (a connection cut mid-way) is an error, never a file to import.
 */
public final class Downloader {
    private static final int BUFFER = 64 << 10;

    private final HttpClient client;
    private final Duration timeout;
    private final Map<String, String> headers;
    private final long maxBytes;

    public Downloader(ProxySelector proxies, Duration timeout, Map<String, String> headers, long maxBytes) {
        this.client = HttpClient.newBuilder().proxy(proxies).connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER).build();
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
            HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout).GET()
                    .header("User-Agent", "wharf-vulndb-updater");
            headers.forEach(request::header);
            if (etag != null) {
                request.header("If-None-Match", etag);
            }
            if (lastModified != null) {
                request.header("If-Modified-Since", lastModified);
            }
            HttpResponse<InputStream> response;
            try {
                response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while downloading " + redact(uri));
            }
            int status = response.statusCode();
            try (InputStream body = response.body()) {
                if (status == 301 || status == 302 || status == 303 || status == 307 || status == 308) {
                    if (hop >= RedirectRule.MAX_REDIRECTS) {
                        throw new IOException("more than " + RedirectRule.MAX_REDIRECTS + " redirects from " + redact(url));
                    }
                    uri = RedirectRule.follow(uri, response.headers().firstValue("Location").orElse(null));
                    continue;
                }
                if (status == 304) {
                    return new Result(304, etag, lastModified, 0);
                }
                if (status != 200) {
                    throw new IOException("HTTP " + status + " from " + redact(uri));
                }
                OptionalLong length = response.headers().firstValueAsLong("Content-Length");
                if (length.isPresent() && length.getAsLong() > maxBytes) {
                    throw new IOException(redact(uri) + " is " + length.getAsLong() + " bytes, more than the limit of "
                            + maxBytes);
                }
                long written = copy(body, target, uri);
                if (length.isPresent() && written != length.getAsLong()) {
                    throw new IOException("incomplete download from " + redact(uri) + ": " + written + " of "
                            + length.getAsLong() + " bytes");
                }
                return new Result(200, response.headers().firstValue("ETag").orElse(null),
                        response.headers().firstValue("Last-Modified").orElse(null), written);
            }
        }
    }

    private long copy(InputStream in, Path target, URI uri) throws IOException {
        long total = 0;
        byte[] buffer = new byte[BUFFER];
        try (OutputStream out = Files.newOutputStream(target)) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                total += n;
                if (total > maxBytes) {
                    throw new IOException(redact(uri) + " is larger than the limit of " + maxBytes + " bytes");
                }
                out.write(buffer, 0, n);
            }
        } catch (IOException e) {
            Files.deleteIfExists(target);
            if (e.getMessage() != null && e.getMessage().contains("limit of")) {
                throw e;
            }
            throw new IOException("download from " + redact(uri) + " broke off after " + total + " bytes: "
                    + e.getMessage(), e);
        }
        return total;
    }

    /** A URL as it may be logged: without user info or query (either may carry a key). */
    public static String redact(URI uri) {
        String s = uri.getScheme() + "://" + uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "")
                + (uri.getRawPath() == null ? "" : uri.getRawPath());
        return uri.getRawQuery() == null ? s : s + "?…";
    }
}
