package io.wharf.scanner;

import io.wharf.scanner.analyzer.Analyzers;
import io.wharf.scanner.analyzer.FoundPackage;
import io.wharf.scanner.analyzer.OsRelease;
import io.wharf.scanner.cache.LayerCache;
import io.wharf.scanner.layer.LayerInventory;
import io.wharf.scanner.layer.LayerReader;
import io.wharf.scanner.layer.MergedImage;
import io.wharf.scanner.match.VulnerabilityMatcher;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Scans an image: reads each layer once (or takes its inventory from the layer cache), merges the layers with
 * their whiteouts, and matches the packages against the {@link VulnDatabase}. Thread-safe; one instance can serve
 * every scan job.
 */
public final class EmbeddedScanner {
    private static final Logger LOG = Logger.getLogger(EmbeddedScanner.class.getName());

    /** Layers from this size on are decompressed in a thread of their own while the tar is walked. */
    private static final long READ_AHEAD_MIN_BYTES = 4L << 20;
    /** Whether a second core can decompress ahead and write the layer cache while this thread goes on. */
    private static final boolean PARALLEL = Runtime.getRuntime().availableProcessors() > 1;
    /** Writes new layers' inventories to the layer cache (daemon threads, gone after a few idle seconds). */
    private static final ExecutorService CACHE_WRITERS = cacheWriters();

    private final LayerReader reader = new LayerReader(Analyzers.defaults());

    private final LayerCache cache;
    private final VulnerabilityMatcher matcher;
    /** Layer reads in progress, by digest. */
    private final ConcurrentHashMap<String, CompletableFuture<LayerInventory>> reading = new ConcurrentHashMap<>();

    public EmbeddedScanner(VulnDatabase database) {
        this.cache = new LayerCache(database.store());
        this.matcher = new VulnerabilityMatcher(database.store());
        warmUpInBackground(database);
    }

    /**
     * Has the database compile the statements a scan uses, and checks its tables, in a short-lived thread of its
     * own: on a cold JVM that is a few hundred milliseconds the first scan would otherwise spend waiting, and the
     * first scan reads its layers meanwhile. A failure here is only logged; the scan then does the same work itself.
     */
    private void warmUpInBackground(VulnDatabase database) {
        Thread t = new Thread(() -> {
            try {
                cache.warmUp();
                database.store().warmUp();
            } catch (SQLException | RuntimeException e) {
                LOG.log(Level.FINE, "scanner warm-up failed: {0}", e.toString());
            }
        }, "wharf-scanner-warm-up");
        t.setDaemon(true);
        t.start();
    }

    /**
     * @param layers the image's layers in manifest order, bottom first
     * @param source opens a layer's bytes; called only for layers not in the layer cache
     * @throws IOException      when a layer cannot be read
     * @throws ScannerException when the database fails
     */
    public ScanReport scan(List<LayerRef> layers, BlobSource source) throws IOException {
        try {
            List<LayerInventory> inventories = new ArrayList<>();
            List<CompletableFuture<Void>> stores = new ArrayList<>();
            for (LayerRef layer : layers) {
                inventories.add(inventory(layer, source, stores));
            }
            MergedImage image = MergedImage.of(inventories);
            OsRelease os = image.osRelease();
            List<InstalledPackage> packages = new ArrayList<>();
            for (MergedImage.LocatedPackage lp : image.packages()) {
                FoundPackage p = lp.pkg();
                packages.add(new InstalledPackage(p.name(), p.version(), p.type(), ecosystemOf(p, os),
                        p.sourceName(), p.sourceVersion(), p.location(), lp.layerDigest()));
            }
            packages.sort(Comparator.comparing(InstalledPackage::type).thenComparing(InstalledPackage::name)
                    .thenComparing(InstalledPackage::version).thenComparing(InstalledPackage::location));
            List<Finding> findings = matcher.match(packages, os);
            awaitAll(stores);
            return new ScanReport(os == null ? null : os.ecosystem(), packages, findings);
        } catch (SQLException e) {
            throw new ScannerException("vulnerability database error: " + e.getMessage(), e);
        }
    }

    /**
     * The layer's inventory from the cache, else read from its blob. Concurrent scans that miss the same new layer
     * (two images on one new base) wait for one read instead of each reading it; when that read fails, a waiting
     * scan tries with its own blob source (the failure may be the other scan's credentials).
     */
    private LayerInventory inventory(LayerRef layer, BlobSource source, List<CompletableFuture<Void>> stores)
            throws IOException, SQLException {
        String digest = layer.digest();
        while (true) {
            Optional<LayerInventory> cached = cache.get(digest);
            if (cached.isPresent()) {
                return cached.get();
            }
            CompletableFuture<LayerInventory> mine = new CompletableFuture<>();
            CompletableFuture<LayerInventory> running = reading.putIfAbsent(digest, mine);
            if (running == null) {
                boolean storing = false;
                try {
                    // Another scan may have cached it between our miss and our claim on the read.
                    Optional<LayerInventory> cachedMeanwhile = cache.get(digest);
                    if (cachedMeanwhile.isPresent()) {
                        mine.complete(cachedMeanwhile.get());
                        return cachedMeanwhile.get();
                    }
                    LayerInventory inventory = read(layer, source);
                    mine.complete(inventory);
                    stores.add(store(inventory).whenComplete((done, failed) -> reading.remove(digest, mine)));
                    storing = true;
                    return inventory;
                } catch (Throwable e) {
                    mine.completeExceptionally(e);
                    throw e;
                } finally {
                    if (!storing) {
                        reading.remove(digest, mine);
                    }
                }
            }
            try {
                return running.get();
            } catch (ExecutionException e) {
                LOG.log(Level.FINE, "layer {0}: a concurrent read failed ({1}), reading it here",
                        new Object[] {digest, e.getCause()});
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while another scan read layer " + digest);
            }
        }
    }

    private LayerInventory read(LayerRef layer, BlobSource source) throws IOException {
        LayerInventory inventory;
        try (InputStream in = source.open(layer)) {
            inventory = reader.read(layer.digest(), in, PARALLEL && layer.size() >= READ_AHEAD_MIN_BYTES);
        } catch (IOException e) {
            throw new IOException("cannot read layer " + layer.digest() + ": " + e.getMessage(), e);
        }
        LOG.log(Level.FINE, "layer {0}: {1} analysed files", new Object[] {layer.digest(), inventory.files().size()});
        return inventory;
    }

    /**
     * Writes a new layer's inventory to the layer cache: on more than one core in the background, while the scan
     * goes on to merge and match (encoding the inventory and Derby's insert and commit are ~0.1 s of a cold scan);
     * the scan waits for it before returning, so a scan that returned has cached its layers, as before. Until the
     * write is done the layer stays in {@link #reading}, so a concurrent scan waits for this read instead of
     * missing the cache and reading the blob again.
     */
    private CompletableFuture<Void> store(LayerInventory inventory) {
        if (!PARALLEL) {
            try {
                cache.put(inventory);
                return CompletableFuture.completedFuture(null);
            } catch (SQLException | RuntimeException e) {
                return CompletableFuture.failedFuture(e);
            }
        }
        return CompletableFuture.runAsync(() -> {
            try {
                cache.put(inventory);
            } catch (SQLException e) {
                throw new CompletionException(e);
            }
        }, CACHE_WRITERS);
    }

    private static ExecutorService cacheWriters() {
        AtomicInteger n = new AtomicInteger();
        return new ThreadPoolExecutor(0, Integer.MAX_VALUE, 5, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
            Thread t = new Thread(r, "wharf-layer-cache-write-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** Waits for this scan's cache writes; a failed one fails the scan, as a failed write in line did. */
    private static void awaitAll(List<CompletableFuture<Void>> stores) throws SQLException, InterruptedIOException {
        for (CompletableFuture<Void> store : stores) {
            try {
                store.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while writing the layer cache");
            } catch (ExecutionException e) {
                Throwable cause = e.getCause() instanceof CompletionException ce && ce.getCause() != null
                        ? ce.getCause() : e.getCause();
                if (cause instanceof SQLException sql) {
                    throw sql;
                }
                if (cause instanceof RuntimeException re) {
                    throw re;
                }
                if (cause instanceof Error err) {
                    throw err;
                }
                throw new ScannerException("layer cache write failed: " + cause, cause);
            }
        }
    }

    /** dpkg and apk packages belong to the image's distribution release; language packages to their registry. */
    private static String ecosystemOf(FoundPackage p, OsRelease os) {
        return switch (p.type()) {
            case FoundPackage.DPKG -> os != null && !"Alpine".equals(os.family()) ? os.ecosystem() : null;
            case FoundPackage.APK -> os != null && "Alpine".equals(os.family()) ? os.ecosystem() : null;
            case FoundPackage.MAVEN -> "Maven";
            case FoundPackage.NPM -> "npm";
            default -> null;
        };
    }

    // STUB (server branch only): replaced by the feeds branch.
    public java.util.Optional<ScanReport> rematch(List<LayerRef> layers) {
        return java.util.Optional.empty();
    }
}
