package io.wharf.web.metrics;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;
import org.eclipse.microprofile.metrics.Timer;

/**
 * The per-request meters, looked up once per label set and then kept: counting a request is a map
 * read and two adds, so it costs the gateway nothing it would notice. Label values are bounded
 * (HTTP methods, status codes, resource methods), never paths or names a client chooses.
 */
@ApplicationScoped
public class RequestMeters {
    @Inject MetricRegistry registry;

    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();

    public void request(String method, int status, String operation, Duration took) {
        String code = Integer.toString(status);
        counter("harbor_core_http_request", new Tag("method", method), new Tag("code", code), new Tag("operation", operation)).inc();
        if (took != null) {
            timer("harbor_core_http_request_duration", new Tag("method", method), new Tag("operation", operation)).update(took);
        }
    }

    public void gatewayRequest(String method, int status) {
        counter("wharf_gateway_request", new Tag("method", method), new Tag("code", Integer.toString(status))).inc();
    }

    public Counter gatewayBytes(String direction) {
        return counter("wharf_gateway_bytes", new Tag("direction", direction));
    }

    /** A manifest read the gateway answered from its cache ({@code hit}) or had to ask the registry for ({@code miss}). */
    public void manifestCache(String outcome) {
        counter("wharf_manifest_cache_requests", new Tag("result", outcome)).inc();
    }

    public void tokenIssued() {
        counter("wharf_token_issued").inc();
    }

    private Counter counter(String name, Tag... tags) {
        return counters.computeIfAbsent(key(name, tags), k -> registry.counter(name, tags));
    }

    private Timer timer(String name, Tag... tags) {
        return timers.computeIfAbsent(key(name, tags), k -> registry.timer(name, tags));
    }

    private static String key(String name, Tag... tags) {
        StringBuilder key = new StringBuilder(name);
        for (Tag t : tags) key.append('\u0000').append(t.getTagName()).append('=').append(t.getTagValue());
        return key.toString();
    }
}
