package io.wharf.scanner.feeds;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.net.http.HttpTimeoutException;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;

/**
 * One conditional GET, streamed to a file with a size cap. Redirects are followed by hand under {@link RedirectRule}.
 * A body shorter than its {@code Content-Length} (a connection cut mid-way) is an error, never a file to import.
 */
public final class Downloader {
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
            FileBody body = new FileBody(target, maxBytes);
            HttpResponse<Long> response = await(client.sendAsync(request.build(), info -> {
                OptionalLong length = info.headers().firstValueAsLong("Content-Length");
                if (info.statusCode() == 200 && length.isPresent() && length.getAsLong() > maxBytes) {
                    body.refuse(new IOException("the file is " + length.getAsLong() + " bytes, more than the limit of "
                            + maxBytes));
                }
                return info.statusCode() == 200 ? HttpResponse.BodySubscribers.fromSubscriber(body, FileBody::written)
                        : HttpResponse.BodySubscribers.replacing(0L);
            }), body, uri);
            int status = response.statusCode();
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
            long written = response.body();
            OptionalLong length = response.headers().firstValueAsLong("Content-Length");
            if (length.isPresent() && written != length.getAsLong()) {
                throw new IOException("incomplete download from " + redact(uri) + ": " + written + " of "
                        + length.getAsLong() + " bytes");
            }
            return new Result(200, response.headers().firstValue("ETag").orElse(null),
                    response.headers().firstValue("Last-Modified").orElse(null), written);
        }
    }

    /**
     * Waits for the whole answer, giving up when nothing arrived for {@link #timeout}: the client's own request
     * timeout ends at the response headers, and a server that stops sending mid-body would otherwise hold the update
     * forever.
     */
    private <T> HttpResponse<T> await(CompletableFuture<HttpResponse<T>> future, FileBody body, URI uri)
            throws IOException {
        while (true) {
            try {
                return future.get(Math.min(1000, timeout.toMillis()), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                if (body.refused != null) {
                    body.abort();
                    future.cancel(true);
                    throw new IOException(redact(uri) + ": " + body.refused.getMessage());
                }
                if (System.nanoTime() - body.lastActivity > timeout.toNanos()) {
                    body.abort();
                    future.cancel(true);
                    throw new IOException("download from " + redact(uri) + " stalled: nothing received for "
                            + timeout.toSeconds() + " s after " + body.written() + " bytes");
                }
            } catch (InterruptedException e) {
                body.abort();
                future.cancel(true);
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while downloading " + redact(uri));
            } catch (ExecutionException e) {
                body.abort();
                Throwable cause = e.getCause();
                if (cause instanceof HttpTimeoutException) {
                    throw new IOException("no answer from " + redact(uri) + " within " + timeout.toSeconds() + " s");
                }
                if (body.refused != null) {
                    throw new IOException(redact(uri) + ": " + body.refused.getMessage());
                }
                String why = cause == null ? e.toString() : cause.getMessage() == null ? cause.toString() : cause.getMessage();
                throw new IOException(body.written() > 0 || body.started
                        ? "download from " + redact(uri) + " broke off after " + body.written() + " bytes: " + why
                        : "cannot download " + redact(uri) + ": " + why, cause);
            }
        }
    }

    /** Writes the body to a file as it arrives, with the size cap; remembers when data last came. */
    private static final class FileBody implements Flow.Subscriber<List<ByteBuffer>> {
        private final Path target;
        private final long maxBytes;
        private FileChannel channel;
        private Flow.Subscription subscription;
        private volatile long written;
        volatile long lastActivity = System.nanoTime();
        volatile boolean started;
        volatile IOException refused;

        FileBody(Path target, long maxBytes) {
            this.target = target;
            this.maxBytes = maxBytes;
        }

        long written() {
            return written;
        }

        void refuse(IOException why) {
            refused = why;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            started = true;
            lastActivity = System.nanoTime();
            if (refused != null) {
                s.cancel();
                return;
            }
            try {
                channel = FileChannel.open(target, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                        StandardOpenOption.TRUNCATE_EXISTING);
            } catch (IOException e) {
                refused = e;
                s.cancel();
                return;
            }
            s.request(1);
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            lastActivity = System.nanoTime();
            try {
                for (ByteBuffer b : buffers) {
                    written += b.remaining();
                    if (written > maxBytes) {
                        refused = new IOException("the file is larger than the limit of " + maxBytes + " bytes");
                        abort();
                        return;
                    }
                    while (b.hasRemaining()) {
                        channel.write(b);
                    }
                }
            } catch (IOException e) {
                refused = e;
                abort();
                return;
            }
            subscription.request(1);
        }

        @Override
        public void onError(Throwable t) {
            close();
        }

        @Override
        public void onComplete() {
            close();
        }

        void abort() {
            Flow.Subscription s = subscription;
            if (s != null) {
                s.cancel();
            }
            close();
        }

        private synchronized void close() {
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // the file is deleted with the download folder's leftovers
                }
                channel = null;
            }
        }
    }

    /** A URL as it may be logged: without user info or query (either may carry a key). */
    public static String redact(URI uri) {
        String s = uri.getScheme() + "://" + uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "")
                + (uri.getRawPath() == null ? "" : uri.getRawPath());
        return uri.getRawQuery() == null ? s : s + "?…";
    }
}
