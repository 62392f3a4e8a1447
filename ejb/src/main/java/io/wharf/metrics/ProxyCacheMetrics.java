package io.wharf.metrics;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

/**
 * Proxy cache hits (answered from Wharf's registry) and misses (fetched from the upstream), by
 * kind ({@code manifest}, {@code blob}): how much upstream traffic the cache saves.
 */
@ApplicationScoped
public class ProxyCacheMetrics {
    @Inject MetricRegistry registry;

    public void hit(String kind) { count("wharf_proxy_cache_hits", "Proxy cache reads answered from Wharf's registry", kind); }

    public void miss(String kind) { count("wharf_proxy_cache_misses", "Proxy cache reads fetched from the upstream registry", kind); }

    private void count(String name, String description, String kind) {
        registry.counter(Metadata.builder().withName(name).withDescription(description).build(), new Tag("kind", kind)).inc();
    }
}
