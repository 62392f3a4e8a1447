package io.wharf.registry;

import io.wharf.config.WharfConfig;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.AbstractHttpEntity;
import org.apache.hc.core5.http.io.support.ClassicRequestBuilder;
import org.apache.hc.core5.io.CloseMode;

/**
 * The raw HTTP path to the registry that the gateway streams client traffic through. It is not a
 * Rest Client on purpose: bodies of any size pass through as streams, never as entities. It is a
 * blocking client (Apache HttpClient classic): the request thread copies a body straight from the
 * client's connection to the registry's, with no hand-over between threads, which is where the
 * JDK's asynchronous client spent half of the CPU a pushed gigabyte cost.
 */
@ApplicationScoped
public class RegistryUpstream {
    /** Headers the JDK client manages itself or that only describe one hop. */
    private static final Set<String> NOT_FORWARDED = caseInsensitive("host", "connection", "content-length",
            "expect", "upgrade", "keep-alive", "transfer-encoding", "te", "trailer", "proxy-authorization",
            "proxy-connection", "http2-settings");

    /**
     * How much of a request body is gathered before it is written to the registry. HttpClient's
     * own entity copies 4 KiB at a time and its chunked stream sends 8 KiB chunks, one socket write
     * each (131,072 writes per pushed GiB). Writes of this size pass its 8 KiB buffers untouched and
     * go out as one chunk in 128 KiB socket writes: the relay thread's CPU per pushed GiB fell from
     * 1.2-1.45 to 1.0-1.15 CPU-s, and the registry reads fewer, larger pieces.
     */
    static final int BODY_CHUNK = 256 * 1024;

    @Inject WharfConfig config;

    private CloseableHttpClient client;

    @PostConstruct
    void init() {
        PoolingHttpClientConnectionManager connections = PoolingHttpClientConnectionManagerBuilder.create()
                .setMaxConnTotal(512)
                .setMaxConnPerRoute(512)
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(config.registryConnectTimeout().toMillis(), TimeUnit.MILLISECONDS)
                        .build())
                .build();
        client = HttpClients.custom()
                .setConnectionManager(connections)
                .disableAutomaticRetries()
                .disableRedirectHandling()
                .disableContentCompression()
                .disableCookieManagement()
                .disableAuthCaching()
                .build();
    }

    @PreDestroy
    void close() {
        client.close(CloseMode.GRACEFUL);
    }

    public String baseUrl() { return config.registryUrl(); }

    /**
     * Sends one request to the registry. {@code body} is streamed; {@code length} is its size when
     * the client said it (-1 when unknown, then it goes chunked).
     */
    public UpstreamAnswer exchange(String method, String rawPathAndQuery, Map<String, List<String>> headers,
                                   InputStream body, long length) throws IOException {
        ClassicRequestBuilder request = ClassicRequestBuilder.create(method).setUri(config.registryUrl() + rawPathAndQuery);
        headers.forEach((name, values) -> {
            if (!NOT_FORWARDED.contains(name)) values.forEach(v -> request.addHeader(name, v));
        });
        boolean streamed = body != null && length != 0;
        if (streamed) request.setEntity(new StreamedBody(body, length));
        return answer(streamed || !("GET".equals(method) || "HEAD".equals(method))
                ? client.executeOpen(null, request.build(), null)
                : openTwice(request));
    }

    /**
     * Sends a request that has no body and changes nothing, a second time when the first attempt fails: a pooled
     * connection the registry closed (it was restarted, e.g. by {@code bin/wharf rotate-token-key}) fails on its
     * first use, and the client should not see that. A request with a body was streamed and cannot be sent again.
     */
    private ClassicHttpResponse openTwice(ClassicRequestBuilder request) throws IOException {
        try {
            return client.executeOpen(null, request.build(), null);
        } catch (IOException stale) {
            return client.executeOpen(null, request.build(), null);
        }
    }

    /**
     * GETs a blob of the registry by its absolute URL (what a scanner reads) on the same pooled
     * client. A redirect to the registry's storage is followed without the registry's credentials,
     * which are not the storage's.
     */
    public UpstreamAnswer get(String url, String authorization) throws IOException {
        String next = url;
        for (int hop = 0; ; hop++) {
            ClassicRequestBuilder request = ClassicRequestBuilder.get(next);
            if (hop == 0 && authorization != null) request.addHeader("Authorization", authorization);
            ClassicHttpResponse response = openTwice(request);
            Header location = response.getFirstHeader("Location");
            if (!REDIRECTS.contains(response.getCode()) || location == null || hop == MAX_REDIRECTS) return answer(response);
            response.close();
            next = java.net.URI.create(next).resolve(location.getValue()).toString();
        }
    }

    private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);
    private static final int MAX_REDIRECTS = 3;

    /** The answer with a body stream that gives the connection back when closed. */
    private static UpstreamAnswer answer(ClassicHttpResponse response) throws IOException {
        Map<String, List<String>> answerHeaders = new LinkedHashMap<>();
        for (Header h : response.getHeaders()) {
            answerHeaders.computeIfAbsent(h.getName(), k -> new ArrayList<>()).add(h.getValue());
        }
        HttpEntity entity = response.getEntity();
        InputStream answerBody;
        if (entity == null) {
            response.close();
            answerBody = InputStream.nullInputStream();
        } else {
            answerBody = new FilterInputStream(entity.getContent()) {
                @Override public void close() throws IOException {
                    // Closing the response (not just the stream) also gives back a connection whose body was not read to the end.
                    response.close();
                }
            };
        }
        return new UpstreamAnswer(response.getCode(), answerHeaders, answerBody);
    }

    /**
     * A request body relayed as it arrives, in writes of up to {@link #BODY_CHUNK} bytes: chunked
     * when its length is unknown, with its Content-Length otherwise. It is read once, never buffered
     * beyond one chunk.
     */
    static final class StreamedBody extends AbstractHttpEntity {
        private final InputStream in;
        private final long length;

        StreamedBody(InputStream in, long length) {
            super((String) null, null, length < 0);
            this.in = in;
            this.length = length;
        }

        @Override public long getContentLength() { return length; }
        @Override public InputStream getContent() { return in; }
        @Override public boolean isStreaming() { return true; }
        @Override public boolean isRepeatable() { return false; }

        @Override
        public void writeTo(OutputStream out) throws IOException {
            byte[] buffer = new byte[length >= 0 && length < BODY_CHUNK ? (int) Math.max(length, 1) : BODY_CHUNK];
            long left = length;
            try (InputStream body = in) {
                while (left != 0) {
                    int want = left < 0 ? buffer.length : (int) Math.min(buffer.length, left);
                    int filled = body.readNBytes(buffer, 0, want);
                    if (filled > 0) {
                        out.write(buffer, 0, filled);
                        if (left > 0) left -= filled;
                    }
                    if (filled < want) break; // end of the body
                }
            }
        }

        @Override public void close() throws IOException { in.close(); }
    }

    public static boolean forwardable(String header) { return !NOT_FORWARDED.contains(header); }

    private static Set<String> caseInsensitive(String... names) {
        Set<String> set = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        set.addAll(List.of(names));
        return set;
    }
}
