package io.wharf.gc;

import io.wharf.registry.ArtifactRecorder;
import io.wharf.registry.ManifestSummary;
import io.wharf.registry.RegistryManifests;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * One garbage collection, from Wharf's records rather than a read-only registry: (1) untagged
 * artifacts go through the normal delete path when asked; (2) manifests the registry keeps but no
 * record knows are deleted through the registry; (3) a repository's links to blobs none of its
 * artifacts uses are removed; (4) blob data no artifact uses is removed; (5) upload sessions older
 * than the configured age are purged. Whatever was written or asked for within the window before the
 * run (or is touched while it runs, see {@link BlobGuard}) is kept.
 */
@ApplicationScoped
public class GarbageCollector {
    static final String ACTOR = "garbage-collection";
    private static final int MAX_MANIFEST_BYTES = 4 * 1024 * 1024;

    @Inject GcStore store;
    @Inject GcSettings settings;
    @Inject BlobGuard guard;
    @Inject RegistryManifests manifests;
    @Inject ArtifactRecorder recorder;

    /** What the records say is in use: manifests per repository, blobs per repository, and every digest. */
    private record InUse(Map<String, Set<String>> manifestsByRepo, Map<String, Set<String>> blobsByRepo, Set<String> all) {
        static InUse of(List<Object[]> rows, Set<String> without) {
            Map<String, Set<String>> m = new HashMap<>();
            Map<String, Set<String>> b = new HashMap<>();
            Set<String> all = new HashSet<>();
            for (Object[] row : rows) {
                String repo = (String) row[0];
                String digest = (String) row[1];
                if (without.contains(repo + "@" + digest)) continue;
                m.computeIfAbsent(repo, k -> new HashSet<>()).add(digest);
                Set<String> blobs = b.computeIfAbsent(repo, k -> new HashSet<>());
                blobs.add(digest);
                all.add(digest);
                if (row[2] != null) {
                    blobs.add((String) row[2]);
                    all.add((String) row[2]);
                }
                if (row[3] != null && !((String) row[3]).isEmpty()) {
                    for (String d : ((String) row[3]).split("\n")) {
                        blobs.add(d);
                        all.add(d);
                    }
                }
            }
            return new InUse(m, b, all);
        }
    }

    public GcReport collect(GcOptions options, Consumer<String> log, BooleanSupplier stop) throws IOException {
        long started = System.currentTimeMillis();
        Instant keepFrom = Instant.ofEpochMilli(started).minus(settings.window());
        String verb = options.dryRun() ? "would delete" : "deleted";
        log.accept("garbage collection " + (options.dryRun() ? "(dry run) " : "") + "started: delete_untagged=" + options.deleteUntagged()
                + ", workers=" + options.workers() + ", keeping what was written or asked for since " + keepFrom);

        Set<String> removedArtifacts = new HashSet<>();
        long artifacts = 0;
        if (options.deleteUntagged()) artifacts = deleteUntagged(options, keepFrom, removedArtifacts, log);

        Path root = settings.registryRoot().orElse(null);
        if (root == null || !new RegistryStorage(root).exists()) {
            log.accept("the registry's storage is not reachable (wharf.gc.registry.root=" + root + "): no blobs examined");
            return new GcReport(artifacts, 0, 0, 0, 0, System.currentTimeMillis() - started);
        }
        RegistryStorage storage = new RegistryStorage(root);
        InUse inUse = InUse.of(store.references(), removedArtifacts);
        Set<String> keep = new HashSet<>(inUse.all());
        List<String> repositories = storage.repositories();
        log.accept(inUse.all().size() + " digests in use by the records; " + repositories.size() + " repositories in the registry's storage");

        long manifestCount = 0;
        for (String repo : repositories) {
            if (stop.getAsBoolean()) throw new StoppedException();
            Set<String> recorded = inUse.manifestsByRepo().getOrDefault(repo, Set.of());
            for (RegistryStorage.Entry revision : storage.revisions(repo)) {
                String d = revision.digest();
                if (recorded.contains(d)) continue;
                if (!revision.modified().isBefore(keepFrom) || guard.touchedSince(d, keepFrom)) {
                    keepWithReferences(storage, d, keep);
                    continue;
                }
                if (!options.dryRun()) {
                    // A client pushing this very manifest again meanwhile keeps it (the gateway touches it).
                    if (!guard.claim(d, keepFrom)) {
                        keepWithReferences(storage, d, keep);
                        continue;
                    }
                    try {
                        if (!manifests.delete(repo, d)) RegistryStorage.removeTree(revision.path());
                    } finally {
                        guard.release(d);
                    }
                }
                manifestCount++;
                log.accept(verb + " manifest " + repo + "@" + d);
            }
        }

        for (String repo : repositories) {
            Set<String> used = inUse.blobsByRepo().getOrDefault(repo, Set.of());
            for (RegistryStorage.Entry link : storage.layerLinks(repo)) {
                String d = link.digest();
                if (used.contains(d)) continue;
                if (!link.modified().isBefore(keepFrom) || guard.touchedSince(d, keepFrom)) {
                    keep.add(d);
                    continue;
                }
                if (options.dryRun()) continue;
                // Claimed like a blob: a client that checks the blob in this repository meanwhile
                // either stops the removal or waits for it and then uploads the blob again.
                if (!guard.claim(d, keepFrom)) {
                    keep.add(d);
                    continue;
                }
                try {
                    RegistryStorage.removeTree(link.path());
                } finally {
                    guard.release(d);
                }
            }
        }

        // Manifests recorded while this run went on (pushes go on) are in use too.
        keep.addAll(InUse.of(store.references(), removedArtifacts).all());
        List<RegistryStorage.Entry> candidates = new ArrayList<>();
        storage.blobs(blob -> {
            if (!keep.contains(blob.digest()) && blob.modified().isBefore(keepFrom)) candidates.add(blob);
        });
        AtomicLong blobs = new AtomicLong();
        AtomicLong bytes = new AtomicLong();
        Set<String> skipped = ConcurrentHashMap.newKeySet();
        Consumer<RegistryStorage.Entry> sweep = blob -> {
            if (stop.getAsBoolean()) return;
            if (options.dryRun()) {
                if (guard.touchedSince(blob.digest(), keepFrom)) return;
            } else {
                if (!guard.claim(blob.digest(), keepFrom)) {
                    skipped.add(blob.digest());
                    return;
                }
                try {
                    RegistryStorage.removeTree(blob.path());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                } finally {
                    guard.release(blob.digest());
                }
            }
            blobs.incrementAndGet();
            bytes.addAndGet(blob.size());
        };
        ForkJoinPool pool = new ForkJoinPool(options.workers());
        try {
            pool.submit(() -> candidates.parallelStream().forEach(sweep)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoppedException();
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof UncheckedIOException u) throw u.getCause();
            if (cause instanceof RuntimeException r) throw r;
            throw new IOException(cause);
        } finally {
            pool.shutdown();
        }
        if (stop.getAsBoolean()) throw new StoppedException();
        if (!skipped.isEmpty()) log.accept(skipped.size() + " blobs kept: a client asked for them while this run went on");
        log.accept(verb + " " + blobs.get() + " blobs (" + bytes.get() + " bytes)");

        long uploads = 0;
        Instant abandonedBefore = Instant.ofEpochMilli(started).minus(settings.uploadAge());
        for (String repo : repositories) {
            for (RegistryStorage.Entry upload : storage.uploads(repo)) {
                if (!upload.modified().isBefore(abandonedBefore)) continue;
                uploads++;
                bytes.addAndGet(upload.size());
                log.accept(verb + " upload " + repo + "/" + upload.digest() + " started " + upload.modified() + " (" + upload.size() + " bytes)");
                if (!options.dryRun()) RegistryStorage.removeTree(upload.path());
            }
        }
        guard.forgetBefore(keepFrom);
        GcReport report = new GcReport(artifacts, manifestCount, blobs.get(), uploads, bytes.get(), System.currentTimeMillis() - started);
        log.accept((options.dryRun() ? "dry run: would free " : "freed ") + report.bytes() + " bytes: " + report.artifacts() + " untagged artifacts, "
                + report.manifests() + " manifests, " + report.blobs() + " blobs, " + report.uploads() + " uploads, in " + report.millis() + " ms");
        return report;
    }

    private long deleteUntagged(GcOptions options, Instant keepFrom, Set<String> removed, Consumer<String> log) {
        // A child of an image index has no tag of its own: it goes only with its index.
        Set<String> children = new HashSet<>();
        for (Object[] row : store.references()) {
            if (row[3] != null) for (String d : ((String) row[3]).split("\n")) children.add(row[0] + "@" + d);
        }
        long count = 0;
        for (Object[] row : store.untagged(keepFrom)) {
            String repo = (String) row[0];
            long projectId = ((Number) row[1]).longValue();
            String digest = (String) row[2];
            if (children.contains(repo + "@" + digest)) continue;
            count++;
            removed.add(repo + "@" + digest);
            log.accept((options.dryRun() ? "would delete" : "deleted") + " untagged artifact " + repo + "@" + digest);
            if (options.dryRun()) continue;
            manifests.delete(repo, digest);
            recorder.recordDelete(new ArtifactRecorder.Change(null, projectId, repo, null, digest, ACTOR, repo + "@" + digest,
                    Instant.now(), true));
        }
        return count;
    }

    /** A manifest kept because it is young: it and what it references stay, even if no record knows them yet. */
    private static void keepWithReferences(RegistryStorage storage, String digest, Set<String> keep) throws IOException {
        keep.add(digest);
        byte[] body = storage.smallBlob(digest, MAX_MANIFEST_BYTES);
        if (body == null) return;
        try {
            ManifestSummary s = ManifestSummary.parse(body, null);
            if (s.configDigest() != null) keep.add(s.configDigest());
            keep.addAll(s.references());
        } catch (IllegalArgumentException e) {
            // not a manifest Wharf can read: only its own blob is kept
        }
    }

    /** The run was asked to stop. */
    static final class StoppedException extends RuntimeException {
        StoppedException() { super("stopped on request"); }
    }
}
