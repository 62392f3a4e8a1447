package io.wharf.registry;

import io.wharf.common.WharfException;
import io.wharf.registry.client.RegistryClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/** Reads and deletes manifests in the registry as Wharf itself (a token it mints for the call). */
@ApplicationScoped
public class RegistryManifests {
    /** The subject of Wharf's own tokens; the registry's events for these calls name it as the actor. */
    public static final String SERVICE_ACTOR = ServiceTokens.SUBJECT;

    @Inject @RestClient RegistryClient registry;
    @Inject ServiceTokens tokens;
    @Inject ManifestCache cache;

    @Inject @ConfigProperty(name = "wharf.manifest.ready.attempts", defaultValue = "10")
    int readyAttempts;

    @Inject @ConfigProperty(name = "wharf.manifest.ready.interval.ms", defaultValue = "200")
    long readyIntervalMs;

    /** A manifest and the digest the registry gives it. */
    public record Fetched(String digest, ManifestSummary summary) {}

    /** The manifest, or empty when the registry does not have it. */
    public Optional<Fetched> fetch(String repository, String reference) {
        String auth = "Bearer " + tokens.serviceToken("repository", repository, List.of("pull"));
        try (Response r = registry.manifest(auth, ManifestSummary.ACCEPT_ALL, repository, reference)) {
            byte[] body = r.readEntity(byte[].class);
            String digest = r.getHeaderString("Docker-Content-Digest");
            if (digest == null) digest = reference;
            return Optional.of(new Fetched(digest, ManifestSummary.parse(body, r.getHeaderString("Content-Type"))));
        } catch (WharfException e) {
            if (e.status() == 404) return Optional.empty();
            throw e;
        }
    }

    /**
     * The manifest once the registry serves it: a push event can arrive before every replica of
     * the storage reads the new manifest, so Wharf waits a bounded time, as Harbor does.
     */
    public Optional<Fetched> waitUntilReadable(String repository, String reference) {
        for (int attempt = 1; ; attempt++) {
            Optional<Fetched> fetched = fetch(repository, reference);
            if (fetched.isPresent() || attempt >= readyAttempts) return fetched;
            try {
                Thread.sleep(readyIntervalMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }
    }

    public List<String> tags(String repository) {
        String auth = "Bearer " + tokens.serviceToken("repository", repository, List.of("pull"));
        try {
            var json = registry.tags(auth, repository);
            if (json.isNull("tags")) return List.of();
            return json.getJsonArray("tags").getValuesAs(jakarta.json.JsonString.class).stream()
                    .map(jakarta.json.JsonString::getString).toList();
        } catch (WharfException e) {
            if (e.status() == 404) return List.of();
            throw e;
        }
    }

    /** Deletes by digest; false when the registry did not have it. */
    public boolean delete(String repository, String digest) {
        String auth = "Bearer " + tokens.serviceToken("repository", repository, List.of("delete"));
        cache.changed(repository);
        try (Response r = registry.deleteManifest(auth, repository, digest)) {
            return r.getStatus() == 202 || r.getStatus() == 200;
        } catch (WharfException e) {
            if (e.status() == 404) return false;
            throw e;
        } finally {
            cache.changed(repository);
        }
    }
}
