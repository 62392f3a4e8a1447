package io.wharf.proxy;

import io.wharf.metrics.ProxyCacheMetrics;
import io.wharf.notification.PushRecorder;
import io.wharf.notification.RelayedPushes;
import io.wharf.quota.QuotaService;
import io.wharf.registry.ManifestCache;
import io.wharf.registry.RegistryReference;
import io.wharf.registry.ServiceTokens;
import io.wharf.registry.UpstreamAnswer;
import io.wharf.upstream.RemoteEndpoints;
import io.wharf.upstream.RemotePull;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Manifest reads in a proxy cache project. A tag Wharf's registry holds and checked upstream less
 * than {@code wharf.proxy.manifest-recheck-seconds} ago is served locally without asking the
 * upstream; after that the upstream is asked with a HEAD (no pull counted against its rate limit)
 * and only a moved tag is fetched again. A manifest fetched from the upstream is served at once
 * and stored in Wharf's registry, through the path that records artifacts, as soon as the blobs
 * it references are there (they arrive as clients pull them, see {@link ProxyBlobs}). When the
 * upstream is down, limits the rate (429) or forgets the tag, what Wharf holds is served. An
 * index fetched on a miss brings its platforms' manifests along (not their blobs), after the
 * client has the index, so each platform's manifest can be served with the upstream down.
 */
@ApplicationScoped
public class ProxyCache {
    private static final Logger LOG = Logger.getLogger(ProxyCache.class.getName());
    /** Distribution's own limit on a manifest body. */
    static final int MAX_MANIFEST_BYTES = 4 * 1024 * 1024;
    static final List<String> MANIFEST_TYPES = List.of(
            "application/vnd.oci.image.index.v1+json",
            "application/vnd.docker.distribution.manifest.list.v2+json",
            "application/vnd.oci.image.manifest.v1+json",
            "application/vnd.docker.distribution.manifest.v2+json");

    @Inject ProxyProjects projects;
    @Inject ProxyStore store;
    @Inject RemoteEndpoints endpoints;
    @Inject LocalRegistry local;
    @Inject ManifestCache manifestCache;
    @Inject PushRecorder pushes;
    @Inject RelayedPushes relayedPushes;
    @Inject QuotaService quotas;
    @Inject ProxyCacheMetrics metrics;

    @Resource ManagedExecutorService executor;

    @Inject @ConfigProperty(name = "wharf.proxy.manifest-recheck-seconds", defaultValue = "1800")
    long recheckSeconds;

    /** What the gateway does with a manifest read in a proxy cache project. */
    public sealed interface Outcome permits Local, Fetched, Failed {}

    /** Wharf's registry holds it: serve it as any other project's. */
    public record Local() implements Outcome {}

    /** Fetched from the upstream just now: serve these bytes. */
    public record Fetched(byte[] body, String mediaType, String digest) implements Outcome {}

    /** Neither Wharf nor the upstream can answer: a registry error for the client. */
    public record Failed(int status, String code, String message) implements Outcome {}

    /** The upstream repository of a repository of a proxy project: the path after the project. */
    public static String upstreamRepository(String repository, String upstreamUrl) {
        String path = repository.substring(repository.indexOf('/') + 1);
        // Docker Hub keeps its official images under library/, which docker pull adds for a bare name.
        if (!path.contains("/") && upstreamUrl.matches("https?://(registry-1\\.|index\\.)?docker\\.io(:443)?")) return "library/" + path;
        return path;
    }

    public Outcome manifest(String repository, String reference) {
        Optional<Long> registryId = projects.registryOf(repository);
        if (registryId.isEmpty()) return new Local();
        Optional<RemotePull> remote = endpoints.pull(registryId.get());
        if (remote.isEmpty()) return new Local();
        String upstream = upstreamRepository(repository, remote.get().baseUrl());
        try {
            return RegistryReference.isDigest(reference)
                    ? byDigest(remote.get(), upstream, repository, reference)
                    : byTag(remote.get(), upstream, repository, reference);
        } catch (IOException e) {
            LOG.log(Level.FINE, "Proxy cache " + repository + ":" + reference + ": the local registry failed", e);
            return new Failed(503, "UNAVAILABLE", "the registry is not reachable");
        }
    }

    private Outcome byDigest(RemotePull remote, String upstream, String repository, String digest) throws IOException {
        if (local.hasManifest(repository, digest, MANIFEST_TYPES)) {
            metrics.hit("manifest");
            return new Local();
        }
        Optional<ProxyManifest> known = store.manifest(repository, digest);
        if (known.isPresent() && !known.get().stored()) {
            tryStore(known.get().getRepository(), digest, known.get().getPendingBody(), known.get().getMediaType(), digest);
            metrics.miss("manifest");
            return new Fetched(known.get().getPendingBody(), known.get().getMediaType(), digest);
        }
        return fetch(remote, upstream, repository, digest, digest, false);
    }

    private Outcome byTag(RemotePull remote, String upstream, String repository, String tag) throws IOException {
        Optional<ProxyManifest> known = store.manifest(repository, tag);
        boolean held = known.isPresent() && known.get().stored();
        if (held && known.get().getCheckedAt().plus(Duration.ofSeconds(recheckSeconds)).isAfter(Instant.now())) {
            metrics.hit("manifest");
            return new Local();
        }
        String digest;
        try (RemotePull.Answer head = remote.read("HEAD", upstream, "manifests", tag, MANIFEST_TYPES)) {
            if (head.status() != 200) {
                if (held) {
                    LOG.fine("Proxy cache " + repository + ":" + tag + ": the upstream answered " + head.status() + "; served from cache");
                    metrics.hit("manifest");
                    return new Local();
                }
                return unavailable(head.status(), repository, tag);
            }
            digest = head.header("Docker-Content-Digest").orElse(null);
        } catch (IOException e) {
            if (held) {
                LOG.fine("Proxy cache " + repository + ":" + tag + ": the upstream is unreachable; served from cache");
                metrics.hit("manifest");
                return new Local();
            }
            return new Failed(503, "UNAVAILABLE", "the upstream registry is not reachable");
        }
        if (held && known.get().getDigest().equals(digest)) {
            store.checked(repository, tag);
            metrics.hit("manifest");
            return new Local();
        }
        if (known.isPresent() && !known.get().stored() && known.get().getDigest().equals(digest)) {
            tryStore(repository, tag, known.get().getPendingBody(), known.get().getMediaType(), digest);
            metrics.miss("manifest");
            return new Fetched(known.get().getPendingBody(), known.get().getMediaType(), digest);
        }
        return fetch(remote, upstream, repository, tag, digest, held);
    }

    private Outcome fetch(RemotePull remote, String upstream, String repository, String reference, String expected, boolean held)
            throws IOException {
        byte[] body;
        String type;
        try (RemotePull.Answer get = remote.read("GET", upstream, "manifests", reference, MANIFEST_TYPES)) {
            if (get.status() != 200) return held ? new Local() : unavailable(get.status(), repository, reference);
            body = get.body().readNBytes(MAX_MANIFEST_BYTES + 1);
            type = get.header("Content-Type").orElse("").split(";")[0].strip();
        } catch (IOException e) {
            return held ? new Local() : new Failed(503, "UNAVAILABLE", "the upstream registry is not reachable");
        }
        if (body.length > MAX_MANIFEST_BYTES) return new Failed(503, "UNAVAILABLE", "the upstream answered a manifest larger than 4 MiB");
        if (!MANIFEST_TYPES.contains(type)) {
            return new Failed(502, "UNAVAILABLE", "the upstream answered a manifest of an unsupported type: " + type);
        }
        String digest = sha256(body);
        if (expected != null && !expected.equals(digest)) {
            // a tag that moved between the HEAD and the GET is taken as the GET found it; a digest must match
            if (RegistryReference.isDigest(reference)) return new Failed(502, "UNAVAILABLE", "the upstream answered a manifest that does not match its digest");
        }
        try {
            store.pending(repository, reference, digest, type, body);
        } catch (RuntimeException e) {
            // a concurrent first pull recorded it first; its row serves as well
            LOG.log(Level.FINE, "Proxy cache " + repository + ":" + reference + " already pending", e);
        }
        metrics.miss("manifest");
        tryStore(repository, reference, body, type, digest);
        if (isIndex(type)) fetchChildrenLater(remote, upstream, repository, body);
        return new Fetched(body, type, digest);
    }

    /** At most this many platform manifests of one index are fetched with it. */
    static final int MAX_CHILDREN = 64;

    static boolean isIndex(String mediaType) { return mediaType.contains("index") || mediaType.contains("list"); }

    /** The manifests an index lists (digests), at most {@link #MAX_CHILDREN}; none when it is not JSON. */
    static List<String> children(byte[] index) {
        try (jakarta.json.JsonReader r = jakarta.json.Json.createReader(new java.io.ByteArrayInputStream(index))) {
            jakarta.json.JsonArray manifests = r.readObject().getJsonArray("manifests");
            if (manifests == null) return List.of();
            return manifests.stream().filter(v -> v instanceof jakarta.json.JsonObject)
                    .map(v -> ((jakarta.json.JsonObject) v).getString("digest", null))
                    .filter(d -> d != null && RegistryReference.isDigest(d)).distinct().limit(MAX_CHILDREN).toList();
        } catch (RuntimeException e) {
            return List.of();
        }
    }

    private void fetchChildrenLater(RemotePull remote, String upstream, String repository, byte[] index) {
        List<String> children = children(index);
        if (children.isEmpty()) return;
        try {
            executor.execute(() -> fetchChildren(remote, upstream, repository, children));
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "Proxy cache " + repository + ": the index's manifests are fetched when asked for", e);
        }
    }

    /** Records each child manifest the cache does not know yet as pending (served from there while its blobs are missing). */
    private void fetchChildren(RemotePull remote, String upstream, String repository, List<String> children) {
        for (String child : children) {
            try {
                if (store.manifest(repository, child).isPresent() || local.hasManifest(repository, child, MANIFEST_TYPES)) continue;
                byte[] body;
                String type;
                try (RemotePull.Answer get = remote.read("GET", upstream, "manifests", child, MANIFEST_TYPES)) {
                    if (get.status() != 200) continue;
                    body = get.body().readNBytes(MAX_MANIFEST_BYTES + 1);
                    type = get.header("Content-Type").orElse("").split(";")[0].strip();
                }
                if (body.length > MAX_MANIFEST_BYTES || !MANIFEST_TYPES.contains(type) || !child.equals(sha256(body))) {
                    LOG.warning("Proxy cache " + repository + ": the upstream's manifest " + child + " is not kept (size, type or digest)");
                    continue;
                }
                store.pending(repository, child, child, type, body);
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.FINE, "Proxy cache " + repository + ": manifest " + child + " not fetched with its index", e);
            }
        }
    }

    private Failed unavailable(int status, String repository, String reference) {
        if (status == 404) return new Failed(404, "MANIFEST_UNKNOWN", "manifest unknown to the upstream registry");
        if (status == 401 || status == 403) return new Failed(503, "UNAVAILABLE", "the upstream registry refused Wharf's credentials");
        if (status == 429) return new Failed(503, "UNAVAILABLE", "the upstream registry limits the rate of pulls; try again later");
        return new Failed(503, "UNAVAILABLE", "the upstream registry answered HTTP " + status);
    }

    /**
     * Retries the repository's pending image manifests that name this blob, which has just arrived
     * (an index waits for its children instead: see {@link #retryPendingIndexes}), so that the
     * platforms of an index nobody pulled do not cost a registry PUT per arriving blob.
     */
    void retryPending(String repository, String blob) {
        byte[] named = blob.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        for (ProxyManifest m : store.pending(repository)) {
            if (isIndex(m.getMediaType()) || !contains(m.getPendingBody(), named)) continue;
            try {
                tryStore(repository, m.getReference(), m.getPendingBody(), m.getMediaType(), m.getDigest());
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.FINE, "Proxy cache " + repository + ":" + m.getReference() + " not stored yet", e);
            }
        }
    }

    private static boolean contains(byte[] body, byte[] part) {
        outer:
        for (int i = 0; i + part.length <= body.length; i++) {
            for (int j = 0; j < part.length; j++) {
                if (body[i + j] != part[j]) continue outer;
            }
            return true;
        }
        return false;
    }

    /**
     * Stores a fetched manifest in Wharf's registry and records it as a push would (scan on push,
     * quota, retention apply). The registry refuses it while a blob it references is missing
     * (Distribution checks): it stays pending and is tried again when one arrives.
     */
    boolean tryStore(String repository, String reference, byte[] body, String type, String digest) throws IOException {
        Optional<String> overQuota = quotas.manifestRefusal(repository, body, digest, ServiceTokens.SUBJECT);
        if (overQuota.isPresent()) {
            LOG.info("Proxy cache " + repository + ":" + reference + " not kept: " + overQuota.get());
            return false;
        }
        manifestCache.changed(repository);
        UpstreamAnswer answer;
        try (RelayedPushes.Relay inFlight = relayedPushes.begin(repository, body)) {
            answer = local.putManifest(repository, reference, body, type);
            manifestCache.changed(repository);
            if (answer.statusCode() != 201) return false;
            pushes.recordRelayed(repository, reference, digest, body, type, ServiceTokens.SUBJECT);
        }
        store.stored(repository, reference, digest);
        if (!RegistryReference.isDigest(reference)) store.stored(repository, digest, digest);
        LOG.fine("Proxy cache " + repository + ":" + reference + " stored as " + digest);
        // an index waiting for this child can go in now
        retryPendingIndexes(repository, reference);
        return true;
    }

    private void retryPendingIndexes(String repository, String stored) {
        if (!RegistryReference.isDigest(stored)) return;
        for (ProxyManifest m : store.pending(repository)) {
            if (m.getMediaType().contains("index") || m.getMediaType().contains("list")) {
                try {
                    if (local.putManifest(repository, m.getReference(), m.getPendingBody(), m.getMediaType()).statusCode() == 201) {
                        pushes.recordRelayed(repository, m.getReference(), m.getDigest(), m.getPendingBody(), m.getMediaType(),
                                ServiceTokens.SUBJECT);
                        store.stored(repository, m.getReference(), m.getDigest());
                        manifestCache.changed(repository);
                    }
                } catch (IOException | RuntimeException e) {
                    LOG.log(Level.FINE, "Proxy cache index " + repository + ":" + m.getReference() + " not stored yet", e);
                }
            }
        }
    }

    static String sha256(byte[] body) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
