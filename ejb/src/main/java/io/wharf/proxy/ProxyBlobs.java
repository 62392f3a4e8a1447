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
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
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
 * (the client does not wait for the whole blob; memory holds one buffer); once complete and its
 * digest checked, the file goes into Wharf's registry on another thread, so the client's request
 * ends with its last byte. At most {@code wharf.proxy.store-threads} stores run so; beyond that the
 * request thread stores the blob itself (spool files cannot pile up). One fetch per blob at a
 * time: a second client asking for a blob being fetched or stored waits until it is stored and
 * then reads it from Wharf's registry, so the upstream is asked once.
 */
@ApplicationScoped
public class ProxyBlobs {
    private static final Logger LOG = Logger.getLogger(ProxyBlobs.class.getName());
    private static final int BUFFER = 64 * 1024;

    @Inject ProxyProjects projects;
    @Inject RemoteEndpoints endpoints;
    @Inject LocalRegistry local;
    @Inject ProxyCache cache;
    @Inject ProxyCacheMetrics metrics;

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

    public Outcome blob(String method, String repository, String digest) {
        Optional<Long> registryId = projects.registryOf(repository);
        if (registryId.isEmpty()) return new Local();
        try {
            if (local.hasBlob(repository, digest)) {
                metrics.hit("blob");
                return new Local();
            }
        } catch (IOException e) {
            return new Failed(503, "UNAVAILABLE", "the registry is not reachable");
        }
        Optional<RemotePull> remote = endpoints.pull(registryId.get());
        if (remote.isEmpty()) return new Failed(404, "BLOB_UNKNOWN", "blob unknown to registry");
        String upstream = ProxyCache.upstreamRepository(repository, remote.get().baseUrl());
        if ("HEAD".equals(method)) return head(remote.get(), upstream, digest);
        String key = repository + "@" + digest;
        CompletableFuture<Boolean> mine = new CompletableFuture<>();
        CompletableFuture<Boolean> other = inFlight.putIfAbsent(key, mine);
        if (other != null) return awaitOther(other, repository, digest);
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
     * Copies the upstream's body to the client and to a spool file in one pass. A client that goes
     * away does not stop the copy: the blob is still stored for the next one. The store itself
     * happens after the client has every byte (see {@link #storeAfter}).
     */
    private void tee(RemotePull.Answer answer, OutputStream client, String repository, String digest, String key,
                     CompletableFuture<Boolean> mine) throws IOException {
        Path spool = null;
        boolean handedOff = false;
        IOException clientFailure = null;
        try (InputStream in = answer.body()) {
            spool = spoolDir.isPresent() ? Files.createTempFile(Files.createDirectories(Path.of(spoolDir.get())), "blob-", ".part")
                    : Files.createTempFile("wharf-proxy-blob-", ".part");
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            try (OutputStream file = Files.newOutputStream(spool)) {
                byte[] buffer = new byte[BUFFER];
                int read;
                while ((read = in.read(buffer)) != -1) {
                    sha.update(buffer, 0, read);
                    file.write(buffer, 0, read);
                    if (clientFailure == null) {
                        try {
                            client.write(buffer, 0, read);
                        } catch (IOException e) {
                            clientFailure = e;
                        }
                    }
                }
            }
            if (clientFailure == null) {
                try {
                    client.flush();
                } catch (IOException e) {
                    clientFailure = e;
                }
            }
            String got = "sha256:" + HexFormat.of().formatHex(sha.digest());
            if (!got.equals(digest)) {
                LOG.warning("Proxy cache " + repository + ": the upstream's blob " + digest + " hashed to " + got + "; not kept");
            } else {
                storeAfter(repository, digest, spool, key, mine);
                handedOff = true;
            }
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "Proxy cache " + repository + ": blob " + digest + " not kept: " + e.getMessage());
            if (clientFailure == null) throw e;
        } finally {
            if (!handedOff) {
                if (spool != null) Files.deleteIfExists(spool);
                done(key, mine, false);
            }
        }
        if (clientFailure != null) throw clientFailure;
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
        try {
            local.putBlob(repository, digest, spool);
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
