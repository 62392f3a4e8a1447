package io.wharf.registry;

import io.wharf.config.WharfConfig;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The raw HTTP path to the registry that the gateway streams client traffic through. It is not a
 * Rest Client on purpose: bodies of any size pass through as streams, never as entities.
 */
@ApplicationScoped
public class RegistryUpstream {
    /** Headers the JDK client manages itself or that only describe one hop. */
    private static final Set<String> NOT_FORWARDED = caseInsensitive("host", "connection", "content-length",
            "expect", "upgrade", "keep-alive", "transfer-encoding", "te", "trailer", "proxy-authorization",
            "proxy-connection", "http2-settings");

    @Inject WharfConfig config;

    private HttpClient client;

    @PostConstruct
    void init() {
        client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(config.registryConnectTimeout())
                .build();
    }

    public String baseUrl() { return config.registryUrl(); }

    /**
     * Sends one request to the registry. {@code body} is streamed; {@code length} is its size when
     * the client said it (-1 when unknown, then it goes chunked).
     */
    public HttpResponse<InputStream> exchange(String method, String rawPathAndQuery, Map<String, List<String>> headers,
                                              InputStream body, long length) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(config.registryUrl() + rawPathAndQuery));
        headers.forEach((name, values) -> {
            if (!NOT_FORWARDED.contains(name)) values.forEach(v -> request.header(name, v));
        });
        HttpRequest.BodyPublisher publisher;
        if (body == null || length == 0) {
            publisher = HttpRequest.BodyPublishers.noBody();
        } else if (length > 0) {
            publisher = HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(() -> body), length);
        } else {
            publisher = HttpRequest.BodyPublishers.ofInputStream(() -> body);
        }
        request.method(method, publisher);
        return client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
    }

    public static boolean forwardable(String header) { return !NOT_FORWARDED.contains(header); }

    private static Set<String> caseInsensitive(String... names) {
        Set<String> set = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        set.addAll(List.of(names));
        return set;
    }
}
