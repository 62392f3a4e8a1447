package io.wharf.upstream;

import io.wharf.config.SecretSeal;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Readers of saved endpoints for proxy cache projects: one {@link RemotePull} per endpoint, kept
 * (with its tokens) until the endpoint changes.
 */
@ApplicationScoped
public class RemoteEndpoints {
    @Inject RegistryEndpointStore store;
    @Inject SecretSeal seal;
    @Inject RemoteRegistryClients clients;

    private record Kept(Instant version, RemotePull pull) {}

    private final Map<Long, Kept> pulls = new ConcurrentHashMap<>();

    /** Whether an endpoint with this id exists. */
    public boolean exists(long id) { return store.find(id).isPresent(); }

    /** A reader of the endpoint, empty when it was removed. */
    public Optional<RemotePull> pull(long id) {
        Optional<RegistryEndpoint> endpoint = store.find(id);
        if (endpoint.isEmpty()) {
            pulls.remove(id);
            return Optional.empty();
        }
        RegistryEndpoint e = endpoint.get();
        Kept kept = pulls.get(id);
        if (kept != null && kept.version().equals(e.getUpdateTime())) return Optional.of(kept.pull());
        RemotePull pull = new RemotePull(clients.clientFor(e.isInsecure(), e.getCaCertificate()), e.getUrl(),
                e.getAccessKey(), e.hasSecret() ? seal.open(e.getAccessSecretSealed()) : null);
        pulls.put(id, new Kept(e.getUpdateTime(), pull));
        return Optional.of(pull);
    }
}
