package io.wharf.registry;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The manifests this server has served, so that the thousandth pull of the same image in a
 * rollout is answered without asking the registry. A manifest addressed by digest never changes,
 * but it can be deleted and a tag can move, so every entry remembers when its read from the
 * registry began: an entry is only served while no change of its repository has been heard since
 * then ({@link #changed}), here or, through {@link ManifestChanges}, on any other server. While
 * this server cannot hear the others (Redis away), nothing is served from here at all.
 *
 * <p>Bounded by the bytes it holds ({@code manifest.cache.max-bytes}); tag entries also expire
 * ({@code manifest.cache.tag-ttl}) in case a change was missed, manifests after
 * {@code manifest.cache.ttl}.
 */
@ApplicationScoped
public class ManifestCache {
    /** The manifest types whose stored bytes the registry serves unchanged to a client accepting them. */
    static final Set<String> CACHED_TYPES = Set.of(ManifestSummary.DOCKER_V2, ManifestSummary.DOCKER_LIST,
            ManifestSummary.OCI_MANIFEST, ManifestSummary.OCI_INDEX);
    /** Per-entry overhead counted on top of the body, so that many tiny manifests are bounded too. */
    private static final int ENTRY_OVERHEAD = 512;

    /** A manifest as the registry answered it: body and the headers to answer with again. */
    public record Manifest(byte[] body, String mediaType, String digest, List<Map.Entry<String, String>> headers, long readSince) {}

    private record TagEntry(String digest, long readSince) {}

    @Inject ManifestChanges changes;

    @Inject @ConfigProperty(name = "manifest.cache.enabled", defaultValue = "true")
    boolean enabled;
    @Inject @ConfigProperty(name = "manifest.cache.max-bytes", defaultValue = "67108864")
    long maxBytes;
    @Inject @ConfigProperty(name = "manifest.cache.ttl", defaultValue = "PT10M")
    Duration ttl;
    @Inject @ConfigProperty(name = "manifest.cache.tag-ttl", defaultValue = "PT60S")
    Duration tagTtl;

    /** Orders reads and changes: a read that began at or after a change's tick saw the change. */
    private final AtomicLong clock = new AtomicLong();
    private final Map<String, Long> changedAt = new ConcurrentHashMap<>();
    private volatile long everythingChangedAt;
    private Cache<String, Manifest> manifests;
    private Cache<String, TagEntry> tags;

    @PostConstruct
    void init() {
        manifests = Caffeine.newBuilder().maximumWeight(maxBytes)
                .weigher((String key, Manifest m) -> m.body().length + ENTRY_OVERHEAD)
                .expireAfterWrite(ttl).build();
        tags = Caffeine.newBuilder().maximumWeight(Math.max(1, maxBytes / 8))
                .weigher((String key, TagEntry t) -> key.length() + ENTRY_OVERHEAD)
                .expireAfterWrite(tagTtl).build();
        changes.listen(this::changedHere, this::everythingChanged);
    }

    /** Marks the start of a read from the registry whose answer may be kept. */
    public long readStarts() { return clock.incrementAndGet(); }

    /** Whether the cache may answer now: it is on and hears every server's changes. */
    public boolean serving() { return enabled && changes.listening(); }

    /** The manifest of {@code repository} at {@code reference} (a tag or digest), if this server may answer it itself. */
    public Optional<Manifest> find(String repository, String reference) {
        if (!serving()) return Optional.empty();
        String digest = reference;
        if (!RegistryReference.isDigest(reference)) {
            TagEntry tag = tags.getIfPresent(key(repository, reference));
            if (tag == null || !current(repository, tag.readSince())) return Optional.empty();
            digest = tag.digest();
        }
        Manifest m = manifests.getIfPresent(key(repository, digest));
        if (m == null || !current(repository, m.readSince())) return Optional.empty();
        return Optional.of(m);
    }

    /**
     * Keeps what the registry answered to a read begun at {@code readSince}: only a manifest of a
     * type served unchanged, whose bytes match its digest, and only if no change of its repository
     * was heard since the read began.
     */
    public void keep(String repository, String reference, Manifest manifest) {
        if (!enabled || !CACHED_TYPES.contains(manifest.mediaType()) || !current(repository, manifest.readSince())) return;
        if (manifest.body() != null) {
            if (!manifest.digest().equals(sha256(manifest.body()))) return;
            manifests.put(key(repository, manifest.digest()), manifest);
        }
        if (!RegistryReference.isDigest(reference)) {
            tags.put(key(repository, reference), new TagEntry(manifest.digest(), manifest.readSince()));
        }
        // A change heard while storing must not be outlived by what was just stored.
        if (!current(repository, manifest.readSince())) {
            manifests.invalidate(key(repository, manifest.digest()));
            tags.invalidate(key(repository, reference));
        }
    }

    /** A manifest of the repository was pushed, deleted or tagged: forget it here and on every server. */
    public void changed(String repository) {
        changedHere(repository);
        changes.publish(repository);
    }

    void changedHere(String repository) {
        changedAt.put(repository, clock.incrementAndGet());
    }

    void everythingChanged() {
        everythingChangedAt = clock.incrementAndGet();
    }

    private boolean current(String repository, long readSince) {
        return readSince > everythingChangedAt && readSince > changedAt.getOrDefault(repository, 0L);
    }

    /**
     * The media types a client's {@code Accept} headers name, without parameters; a type refused
     * with {@code q=0} and wildcards are left out, so such a client is answered by the registry.
     */
    public static List<String> acceptedTypes(List<String> acceptHeaders) {
        if (acceptHeaders == null) return List.of();
        List<String> types = new java.util.ArrayList<>();
        for (String header : acceptHeaders) {
            for (String range : header.split(",")) {
                String[] parts = range.split(";");
                String type = parts[0].trim().toLowerCase(java.util.Locale.ROOT);
                boolean refused = false;
                for (int i = 1; i < parts.length; i++) {
                    String p = parts[i].trim().replace(" ", "");
                    if (p.matches("(?i)q=0(\\.0*)?")) refused = true;
                }
                if (!type.isEmpty() && !type.contains("*") && !refused) types.add(type);
            }
        }
        return types;
    }

    private static String key(String repository, String reference) { return repository + '\u0000' + reference; }

    static String sha256(byte[] body) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
