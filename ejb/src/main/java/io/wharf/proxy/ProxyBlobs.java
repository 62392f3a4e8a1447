package io.wharf.proxy;

import io.wharf.metrics.ProxyCacheMetrics;
import io.wharf.upstream.RemoteEndpoints;
import io.wharf.upstream.RemotePull;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Blob reads in a proxy cache project. A blob Wharf's registry holds is served as in any project.
 * On a miss the upstream's answer is streamed to the client while it is written to a spool file
 * and hashed ({@link BlobTee}: the client does not wait for the whole blob, but its last bytes
 * wait for the digest check; memory holds two buffers); once complete and its digest checked, the
 * file goes into Wharf's registry on another thread, so the client's request ends with its last
 * byte. Where the registry's storage is beside Wharf the file is moved into it (no second copy,
 * see {@link RegistryBlobFiles}); elsewhere it is uploaded. At most {@code wharf.proxy.store-threads}
 * stores run so; beyond that the request thread stores the blob itself (spool files cannot pile
 * up). One fetch per blob at a time: a second client asking for a blob being fetched or stored
 * waits until it is stored and then reads it from Wharf's registry, so the upstream is asked once;
 * across the servers sharing Redis too ({@link FetchClaims}).
 */
@ApplicationScoped
public class ProxyBlobs {
    private static final Logger LOG = Logger.getLogger(ProxyBlobs.class.getName());

    @Inject ProxyProjects projects;
    @Inject RemoteEndpoints endpoints;
    @Inject LocalRegistry local;
    @Inject ProxyCache cache;
    @Inject ProxyCacheMetrics metrics;
    @Inject RegistryBlobFiles files;
    @Inject FetchClaims claims;

    /** How often a client waiting for another server's fetch asks the registry for the blob. */
    private static final long ELSEWHERE_POLL_MS = 250;
    /** How often a fetch renews its claim (well within {@link FetchClaims#LEASE}). */
    private static final long RENEW_NANOS = TimeUnit.SECONDS.toNanos(10);

    @Inject @ConfigProperty(name = "wharf.proxy.spool.dir")
    Optional<String> spoolDir;

    /** How long a client waits for another client's fetch of the same blob before it is refused. */
    @Inject @ConfigProperty(name = "wharf.proxy.blob-wait-seconds", defaultValue = "1800")
    long waitSeconds;

    /** How many spooled blobs may be stored into the registry after their client's request ended. */
    @Inject @ConfigProperty(name = "wharf.proxy.store-threads", defaultValue = "4")
    int storeThreads;

    @Resource ManagedExecutorService executor;

    private final Map<String, CompletableFuture<Boolean>> inFlight = new ConcurrentHashMap<>();
    private volatile Semaphore storeSlots;

    /** What the gateway does with a blob read. */
    public sealed interface Outcome permits Local, Streamed, Failed {}

    public record Local() implements Outcome {}

    /** The upstream's blob, to be written to the client with {@link Streamed#writeTo}. */
    public record Streamed(long size, String mediaType, String digest, Writer writer) implements Outcome {
        public void writeTo(OutputStream client) throws IOException { writer.writeTo(client); }
    }

    public record Failed(int status, String code, String message) implements Outcome {}

    /** Writes a blob to a client. */
    public interface Writer {
        void writeTo(OutputStream client) throws IOException;
    }

    /** Counts a blob of a proxy cache project served from Wharf's registry. */
    public void hit() { metrics.hit("blob"); }

    public Outcome blob(String method, String repository, String digest) {
        return blob(method, repository, digest, false);
    }

    /**
     * As {@link #blob(String, String, String)}; {@code localMiss} when the caller has just been told
     * by Wharf's registry that it lacks the blob (the gateway asks it first, so a cached blob is
     * read as in any project, with no request more than a local pull).
     */
    public Outcome blob(String method, String repository, String digest, boolean localMiss) {
        Optional<Long> registryId = projects.registryOf(repository);
        if (registryId.isEmpty()) return new Local();
        if (!localMiss) {
            try {
                if (local.hasBlob(repository, digest)) {
                    metrics.hit("blob");
                    return new Local();
                }
            } catch (IOException e) {
                return new Failed(503, "UNAVAILABLE", "the registry is not reachable");
            }
        }
        Optional<RemotePull> remote = endpoints.pull(registryId.get());
        if (remote.isEmpty()) return new Failed(404, "BLOB_UNKNOWN", "blob unknown to registry");
        String upstream = ProxyCache.upstreamRepository(repository, remote.get().baseUrl());
        if ("HEAD".equals(method)) return head(remote.get(), upstream, digest);
        String key = repository + "@" + digest;
        CompletableFuture<Boolean> mine = new CompletableFuture<>();
        CompletableFuture<Boolean> other = inFlight.putIfAbsent(key, mine);
        if (other != null) return awaitOther(other, repository, digest);
        if (!claims.claim(key)) {
            // Another Wharf server sharing Redis is fetching it: its copy in the registry is waited for.
            boolean there = awaitElsewhere(key, repository, digest);
            done(key, mine, there);
            if (there) {
                metrics.hit("blob");
                return new Local();
            }
            return new Failed(503, "UNAVAILABLE", "another Wharf server's upstream fetch of this blob did not finish; try again");
        }
        RemotePull.Answer answer;
        try {
            answer = remote.get().read("GET", upstream, "blobs", digest, List.of());
        } catch (IOException e) {
            done(key, mine, false);
            return new Failed(503, "UNAVAILABLE", "the upstream registry is not reachable");
        }
        if (answer.status() != 200) {
            closeQuietly(answer);
            done(key, mine, false);
            return answer.status() == 404 ? new Failed(404, "BLOB_UNKNOWN", "blob unknown to the upstream registry")
                    : new Failed(503, "UNAVAILABLE", "the upstream registry answered HTTP " + answer.status());
        }
        metrics.miss("blob");
        long size = answer.header("Content-Length").map(Long::parseLong).orElse(-1L);
        String type = answer.header("Content-Type").orElse("application/octet-stream");
        return new Streamed(size, type, digest, client -> tee(answer, client, repository, digest, key, mine));
    }

    private Outcome head(RemotePull remote, String upstream, String digest) {
        try (RemotePull.Answer answer = remote.read("HEAD", upstream, "blobs", digest, List.of())) {
            if (answer.status() != 200) return new Failed(404, "BLOB_UNKNOWN", "blob unknown to registry");
            return new Streamed(answer.header("Content-Length").map(Long::parseLong).orElse(-1L),
                    answer.header("Content-Type").orElse("application/octet-stream"), digest, client -> { });
        } catch (IOException e) {
            // Not here and not to be had: a pushing client then goes on to upload (and is told why it may not).
            return new Failed(404, "BLOB_UNKNOWN", "blob unknown to registry");
        }
    }

    private Outcome awaitOther(CompletableFuture<Boolean> other, String repository, String digest) {
        try {
            other.get(waitSeconds, TimeUnit.SECONDS);
            if (local.hasBlob(repository, digest)) {
                metrics.hit("blob");
                return new Local();
            }
            return new Failed(503, "UNAVAILABLE", "the upstream fetch of this blob failed; try again");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Failed(503, "UNAVAILABLE", "interrupted");
        } catch (ExecutionException | TimeoutException | IOException e) {
            return new Failed(503, "UNAVAILABLE", "the upstream fetch of this blob did not finish; try again");
        }
    }

    /**
     * Waits until the registry holds a blob another server is fetching (true), or that server's
     * claim is gone without it, or {@code wharf.proxy.blob-wait-seconds} passed (false).
     */
    private boolean awaitElsewhere(String key, String repository, String digest) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(waitSeconds);
        try {
            while (System.nanoTime() < deadline) {
                if (local.hasBlob(repository, digest)) return true;
                if (!claims.claimed(key)) return local.hasBlob(repository, digest);
                Thread.sleep(ELSEWHERE_POLL_MS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            LOG.fine("Proxy cache " + repository + ": the registry did not answer while " + digest + " was fetched elsewhere");
        }
        return false;
    }

    /** A stream that keeps this server's claim on a fetch alive while it is read. */
    private InputStream renewing(InputStream in, String key) {
        return new java.io.FilterInputStream(in) {
            private long renewAt = System.nanoTime() + RENEW_NANOS;

            @Override public int read(byte[] b, int off, int len) throws IOException {
                if (System.nanoTime() > renewAt) {
                    claims.renew(key);
                    renewAt = System.nanoTime() + RENEW_NANOS;
                }
                return super.read(b, off, len);
            }
        };
    }

    /**
     * Copies the upstream's body to the client and to a spool file in one pass ({@link BlobTee}:
     * the client's last bytes wait for the digest check). A client that goes away does not stop the
     * copy: the blob is still stored for the next one. The store itself happens after the client
     * has every byte (see {@link #storeAfter}).
     */
    private void tee(RemotePull.Answer answer, OutputStream client, String repository, String digest, String key,
                     CompletableFuture<Boolean> mine) throws IOException {
        Path spool = null;
        boolean handedOff = false;
        BlobTee.Result result = null;
        try (InputStream in = renewing(answer.body(), key)) {
            spool = createSpool();
            try (OutputStream file = Files.newOutputStream(spool)) {
                result = BlobTee.copy(in, file, client, digest);
            }
            if (!result.verified()) {
                LOG.warning("Proxy cache " + repository + ": the upstream's blob " + digest + " hashed to " + result.actualDigest()
                        + "; not kept, and its client's answer was cut short");
            } else {
                storeAfter(repository, digest, spool, key, mine);
                handedOff = true;
            }
        } catch (IOException e) {
            LOG.log(Level.WARNING, "Proxy cache " + repository + ": blob " + digest + " not kept: " + e.getMessage());
            throw e;
        } finally {
            if (!handedOff) {
                if (spool != null) Files.deleteIfExists(spool);
                done(key, mine, false);
            }
        }
        if (!result.verified()) throw new BlobTee.DigestMismatch(digest, result.actualDigest());
        if (result.clientFailure() != null) throw result.clientFailure();
    }

    /** A spool file: where {@code wharf.proxy.spool.dir} says, else beside the registry's storage (see {@link RegistryBlobFiles}), else in the temp dir. */
    private Path createSpool() throws IOException {
        if (spoolDir.isPresent()) return Files.createTempFile(Files.createDirectories(Path.of(spoolDir.get())), "blob-", ".part");
        Optional<Path> beside = files.spoolDir();
        return beside.isPresent() ? Files.createTempFile(beside.get(), "blob-", ".part") : Files.createTempFile("wharf-proxy-blob-", ".part");
    }

    /**
     * Stores a complete, digest-checked spool file into Wharf's registry on a managed thread when
     * a store slot is free, else here. The blob stays "in flight" until it is stored, so other
     * clients of it keep waiting for this copy instead of asking the upstream again.
     */
    private void storeAfter(String repository, String digest, Path spool, String key, CompletableFuture<Boolean> mine) {
        Semaphore slots = slots();
        if (slots.tryAcquire()) {
            try {
                executor.execute(() -> {
                    try {
                        store(repository, digest, spool, key, mine);
                    } finally {
                        slots.release();
                    }
                });
                return;
            } catch (RejectedExecutionException e) {
                slots.release();
            }
        }
        store(repository, digest, spool, key, mine);
    }

    private void store(String repository, String digest, Path spool, String key, CompletableFuture<Boolean> mine) {
        boolean stored = false;
        claims.renew(key);
        try {
            Optional<Path> placed = files.place(repository, digest, spool);
            if (placed.isEmpty()) {
                local.putBlob(repository, digest, spool);
            } else if (!local.hasBlob(repository, digest)) {
                LOG.warning("Proxy cache: the registry does not see blobs written under wharf.gc.registry.root; uploading them instead");
                files.notSeenByRegistry();
                local.putBlob(repository, digest, placed.get());
            }
            stored = true;
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "Proxy cache " + repository + ": blob " + digest + " not kept: " + e.getMessage());
        } finally {
            try {
                Files.deleteIfExists(spool);
            } catch (IOException e) {
                LOG.warning("Proxy cache: spool file " + spool + " not removed: " + e.getMessage());
            }
            done(key, mine, stored);
        }
        if (stored) {
            try {
                cache.retryPending(repository, digest);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Proxy cache " + repository + ": pending manifests not stored yet: " + e.getMessage());
            }
        }
    }

    private Semaphore slots() {
        Semaphore s = storeSlots;
        if (s == null) {
            synchronized (this) {
                if (storeSlots == null) storeSlots = new Semaphore(Math.max(0, storeThreads));
                s = storeSlots;
            }
        }
        return s;
    }

    private void done(String key, CompletableFuture<Boolean> mine, boolean stored) {
        claims.release(key);
        inFlight.remove(key, mine);
        mine.complete(stored);
    }

    private static void closeQuietly(RemotePull.Answer answer) {
        try {
            answer.close();
        } catch (IOException ignored) {
            // the connection is dropped either way
        }
    }
}
