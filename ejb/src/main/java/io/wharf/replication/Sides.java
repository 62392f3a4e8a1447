package io.wharf.replication;

import io.wharf.config.WharfConfig;
import io.wharf.registry.Artifact;
import io.wharf.registry.RegistryContent;
import io.wharf.registry.ServiceTokens;
import io.wharf.upstream.EndpointAccess;
import io.wharf.upstream.RemoteRegistryClients;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;

/**
 * The two ends of a copy: Wharf's own registry (reached directly, with a service token scoped to
 * the repositories of the request; what is pushed there is recorded from the registry's events)
 * or a registry endpoint (with its credential).
 */
@ApplicationScoped
public class Sides {
    @Inject WharfConfig config;
    @Inject ServiceTokens tokens;
    @Inject RemoteRegistryClients clients;
    @Inject EndpointAccess endpoints;
    @Inject RegistryContent content;

    public RegistrySide local() {
        CloseableHttpClient client = clients.clientFor(false, null);
        return new RegistrySide(client, config.registryUrl(), new RegistrySide.Authorizer() {
            @Override
            public String before(String repository, boolean push, String... alsoPull) {
                if (repository == null || repository.isEmpty()) return "Bearer " + tokens.serviceToken("registry", "catalog", List.of("*"));
                Map<String, List<String>> scopes = new LinkedHashMap<>();
                scopes.put(repository, push ? List.of("pull", "push", "delete") : List.of("pull"));
                for (String other : alsoPull) scopes.putIfAbsent(other, List.of("pull"));
                return "Bearer " + tokens.repositoryToken(scopes);
            }

            @Override
            public String answer(String challenge, String repository, boolean push, CloseableHttpClient c) { return null; }
        });
    }

    public RegistrySide endpoint(long id) {
        EndpointAccess.Opened e = endpoints.open(id);
        return new RegistrySide(e.client(), e.url(), RegistrySide.challenged(e.username(), e.password()), e.speaksHarborApi(),
                e.username() == null ? null : RegistrySide.basic(e.username(), e.password()));
    }

    /**
     * What Wharf holds, as its records say (not the registry's catalog: a tag deleted in Wharf stays
     * in the registry but is gone for users, and is not replicated): repository names with their tags.
     */
    public java.util.Map<String, List<String>> localTags(java.util.function.Predicate<String> wanted) {
        java.util.Map<String, List<String>> out = new java.util.TreeMap<>();
        for (io.wharf.registry.RepositoryRecord r : content.allRepositories()) {
            if (wanted.test(r.getName())) out.put(r.getName(), content.tags(r.getId()).stream().map(io.wharf.registry.Tag::getName).sorted().toList());
        }
        return out;
    }

    /** Referrers of a subject: Wharf's records for its own registry, the OCI referrers API for another one. */
    public BiFunction<String, String, List<String>> referrers(boolean local, RegistrySide side) {
        if (local) {
            return (repository, digest) -> content.referrers(repository, digest, null, 1000).stream().map(Artifact::getDigest).toList();
        }
        return (repository, digest) -> {
            try {
                return side.referrers(repository, digest);
            } catch (IOException e) {
                return List.of();
            }
        };
    }
}
