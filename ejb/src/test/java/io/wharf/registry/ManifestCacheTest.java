package io.wharf.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the gateway may answer from memory, and when it must ask the registry again. */
class ManifestCacheTest {
    private static final byte[] BODY = ("{\"schemaVersion\":2,\"mediaType\":\"" + ManifestSummary.OCI_MANIFEST
            + "\",\"config\":{},\"layers\":[]}").getBytes(StandardCharsets.UTF_8);
    private static final String DIGEST = ManifestCache.sha256(BODY);

    /** Another server's view of the Redis topic: what this one published, and whether it listens. */
    static final class FakeChanges extends ManifestChanges {
        boolean subscribed = true;
        final List<String> published = new ArrayList<>();

        @Override public boolean listening() { return subscribed; }
        @Override void publish(String repository) { published.add(repository); }
    }

    private FakeChanges changes;
    private ManifestCache cache;

    @BeforeEach
    void create() {
        changes = new FakeChanges();
        cache = new ManifestCache();
        cache.changes = changes;
        cache.enabled = true;
        cache.maxBytes = 1 << 20;
        cache.ttl = Duration.ofMinutes(10);
        cache.tagTtl = Duration.ofMinutes(1);
        cache.init();
    }

    private ManifestCache.Manifest read(long since) {
        return new ManifestCache.Manifest(BODY, ManifestSummary.OCI_MANIFEST, DIGEST,
                List.of(Map.entry("Docker-Content-Digest", DIGEST)), since);
    }

    @Test
    void aManifestReadByTagIsFoundByTagAndByDigest() {
        cache.keep("p/app", "v1", read(cache.readStarts()));
        assertEquals(DIGEST, cache.find("p/app", "v1").orElseThrow().digest());
        assertEquals(DIGEST, cache.find("p/app", DIGEST).orElseThrow().digest());
        assertEquals(Optional.empty(), cache.find("p/other", DIGEST), "an entry answers only for its own repository");
    }

    @Test
    void aChangeForgetsTheRepositoryHereAndTellsTheOthers() {
        cache.keep("p/app", "v1", read(cache.readStarts()));
        cache.keep("p/kept", "v1", read(cache.readStarts()));
        cache.changed("p/app");
        assertEquals(Optional.empty(), cache.find("p/app", "v1"));
        assertEquals(Optional.empty(), cache.find("p/app", DIGEST));
        assertTrue(cache.find("p/kept", "v1").isPresent(), "other repositories stay");
        assertEquals(List.of("p/app"), changes.published);
    }

    @Test
    void aReadThatBeganBeforeAChangeIsNotKept() {
        long since = cache.readStarts();
        cache.changedHere("p/app"); // heard while the registry was answering
        cache.keep("p/app", "v1", read(since));
        assertEquals(Optional.empty(), cache.find("p/app", "v1"));
        cache.keep("p/app", "v1", read(cache.readStarts()));
        assertTrue(cache.find("p/app", "v1").isPresent(), "a read begun after the change is kept");
    }

    @Test
    void nothingIsAnsweredWhileTheOtherServersCannotBeHeard() {
        cache.keep("p/app", "v1", read(cache.readStarts()));
        changes.subscribed = false;
        assertEquals(Optional.empty(), cache.find("p/app", "v1"));
        changes.subscribed = true;
        cache.everythingChanged(); // subscribed again: what was missed is unknown
        assertEquals(Optional.empty(), cache.find("p/app", "v1"));
    }

    @Test
    void aBodyThatDoesNotMatchItsDigestOrAnUncachedTypeIsNotKept() {
        cache.keep("p/app", "v1", new ManifestCache.Manifest(BODY, ManifestSummary.OCI_MANIFEST, "sha256:" + "0".repeat(64),
                List.of(), cache.readStarts()));
        assertEquals(Optional.empty(), cache.find("p/app", "v1"));
        cache.keep("p/app", "v2", new ManifestCache.Manifest(BODY, ManifestSummary.DOCKER_V1_SIGNED, DIGEST, List.of(), cache.readStarts()));
        assertEquals(Optional.empty(), cache.find("p/app", "v2"));
    }

    @Test
    void acceptHeadersAreReadAsTheRegistryNamesTypes() {
        assertEquals(List.of(ManifestSummary.OCI_MANIFEST, ManifestSummary.DOCKER_V2),
                ManifestCache.acceptedTypes(List.of(ManifestSummary.OCI_MANIFEST + "; q=0.5", ManifestSummary.DOCKER_V2)));
        assertEquals(List.of(ManifestSummary.DOCKER_LIST), ManifestCache.acceptedTypes(List.of(
                "*/*, application/vnd.docker.distribution.manifest.list.v2+json, " + ManifestSummary.OCI_INDEX + ";q=0")));
        assertEquals(List.of(), ManifestCache.acceptedTypes(null));
    }
}
