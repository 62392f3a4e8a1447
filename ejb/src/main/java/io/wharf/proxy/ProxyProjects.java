package io.wharf.proxy;

import io.wharf.common.WharfException;
import io.wharf.project.Caller;
import io.wharf.upstream.RemoteEndpoints;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which projects are proxy caches, and of which registry endpoint. The binding is made when the
 * project is created (Harbor cannot change it later either), so answers are kept a few seconds.
 */
@ApplicationScoped
public class ProxyProjects {
    private static final Duration KEPT = Duration.ofSeconds(5);

    @Inject ProxyStore store;
    @Inject RemoteEndpoints endpoints;

    private record Known(Optional<Long> registryId, Instant until) {}

    private final Map<String, Known> byName = new ConcurrentHashMap<>();

    /** Refuses a proxy cache project the caller may not create: before anything is written. */
    public void checkCreate(Caller caller, Long registryId) {
        if (registryId == null || registryId == 0) return;
        if (!caller.sysadmin()) throw WharfException.forbidden("only system administrators can create proxy cache projects");
        if (registryId < 0 || !endpoints.exists(registryId)) {
            throw WharfException.badRequest("registry_id " + registryId + " is not a registry endpoint");
        }
    }

    public void link(long projectId, Long registryId) {
        if (registryId == null || registryId == 0) return;
        store.link(projectId, registryId);
    }

    /** The endpoint a project caches, or 0 (Harbor's answer for an ordinary project). */
    public long registryIdOf(long projectId) { return store.registryOfProject(projectId).orElse(0L); }

    /** The endpoint behind a repository's project, when that project is a proxy cache. */
    public Optional<Long> registryOf(String repository) {
        int slash = repository.indexOf('/');
        String project = slash < 0 ? repository : repository.substring(0, slash);
        Known known = byName.get(project);
        if (known == null || known.until().isBefore(Instant.now())) {
            known = new Known(store.registryOfProjectNamed(project), Instant.now().plus(KEPT));
            byName.put(project, known);
        }
        return known.registryId();
    }

    public boolean isProxy(String repository) { return registryOf(repository).isPresent(); }
}
