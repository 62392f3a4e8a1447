package io.wharf.scanner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wharf.scanner.support.LayerBuilder;
import io.wharf.scanner.support.LayerBuilder.Compression;
import io.wharf.scanner.support.TestDatabase;
import io.wharf.scanner.support.VulnData;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** Two images on one new base layer, scanned at the same time: the base layer is read once. */
class ConcurrentLayerReadTest {
    private static final byte[] BASE = new LayerBuilder()
            .file("app/node_modules/lodash/package.json", "{\"name\":\"lodash\",\"version\":\"4.17.15\"}")
            .build(Compression.GZIP);
    private static final LayerRef BASE_REF = new LayerRef(LayerBuilder.sha256(BASE), "gzip", BASE.length);

    private static LayerRef top(int i, byte[][] holder) {
        holder[0] = new LayerBuilder().file("srv/app-" + i + "/node_modules/minimist/package.json",
                "{\"name\":\"minimist\",\"version\":\"1.2.8\"}").build(Compression.NONE);
        return new LayerRef(LayerBuilder.sha256(holder[0]), "tar", holder[0].length);
    }

    @Test
    void concurrentScansOfOneNewLayerReadItOnce() throws Exception {
        VulnDatabase db = new VulnDatabase(TestDatabase.fresh());
        db.importFrom(List.of(VulnData.osv()));
        EmbeddedScanner scanner = new EmbeddedScanner(db);
        AtomicInteger baseOpens = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        byte[][] tops = new byte[2][];
        byte[][] holder = new byte[1][];
        LayerRef top0 = top(0, holder);
        tops[0] = holder[0];
        LayerRef top1 = top(1, holder);
        tops[1] = holder[0];
        BlobSource source = layer -> {
            if (layer.digest().equals(BASE_REF.digest())) {
                baseOpens.incrementAndGet();
                try {
                    release.await(); // held open until the other scan is waiting for this read, or reading itself
                } catch (InterruptedException e) {
                    throw new IOException(e);
                }
                return new ByteArrayInputStream(BASE);
            }
            return new ByteArrayInputStream(layer.digest().equals(top0.digest()) ? tops[0] : tops[1]);
        };
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Thread[] workers = new Thread[2];
            CountDownLatch started = new CountDownLatch(2);
            List<LayerRef> image0 = List.of(BASE_REF, top0);
            List<LayerRef> image1 = List.of(BASE_REF, top1);
            Future<ScanReport> a = pool.submit(() -> scan(scanner, image0, source, workers, 0, started));
            Future<ScanReport> b = pool.submit(() -> scan(scanner, image1, source, workers, 1, started));
            started.await();
            // Release the read once both workers are blocked: one in the blob source, the other waiting for it
            // (or, without the fix, in the blob source as well). Not a timing assertion: a safety deadline only.
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (System.nanoTime() < deadline && !(blocked(workers[0]) && blocked(workers[1]))) {
                Thread.sleep(5);
            }
            release.countDown();
            ScanReport ra = a.get();
            ScanReport rb = b.get();
            assertEquals(1, baseOpens.get(), "base layer opened once");
            assertEquals(ra.findings().stream().map(Finding::vulnerabilityId).sorted().toList(),
                    rb.findings().stream().map(Finding::vulnerabilityId).sorted().toList());
            assertEquals(2, ra.packages().size());
            assertEquals(2, rb.packages().size());
        } finally {
            pool.shutdownNow();
        }
    }

    private static boolean blocked(Thread t) {
        Thread.State s = t.getState();
        return s == Thread.State.WAITING || s == Thread.State.TIMED_WAITING;
    }

    private static ScanReport scan(EmbeddedScanner scanner, List<LayerRef> layers, BlobSource source, Thread[] workers,
                                   int i, CountDownLatch started) throws IOException {
        workers[i] = Thread.currentThread();
        started.countDown();
        return scanner.scan(layers, source);
    }

    @Test
    void aFailedReadIsNotRememberedForTheNextScan() throws Exception {
        VulnDatabase db = new VulnDatabase(TestDatabase.fresh());
        EmbeddedScanner scanner = new EmbeddedScanner(db);
        BlobSource failing = layer -> {
            throw new IOException("401 for this repository");
        };
        BlobSource working = layer -> new ByteArrayInputStream(BASE);
        try {
            scanner.scan(List.of(BASE_REF), failing);
        } catch (IOException expected) {
            // the next scan must not be answered with this failure
        }
        assertEquals(1, scanner.scan(List.of(BASE_REF), working).packages().size());
    }

    /**
     * The layer cache is written in the background while the scan matches; a scan of the same layer that starts
     * while that write is still going must take the inventory just read, not read the blob again, and the first
     * scan returns only once its layer is cached.
     */
    @Test
    void aScanDuringTheCacheWriteOfANewLayerDoesNotReadItAgain() throws Exception {
        CountDownLatch insertStarted = new CountDownLatch(1);
        CountDownLatch insertMayGo = new CountDownLatch(1);
        DataSource slowInserts = holdingInserts(TestDatabase.fresh(), insertStarted, insertMayGo);
        VulnDatabase db = new VulnDatabase(slowInserts);
        db.importFrom(List.of(VulnData.osv()));
        EmbeddedScanner scanner = new EmbeddedScanner(db);
        AtomicInteger baseOpens = new AtomicInteger();
        BlobSource source = layer -> {
            baseOpens.incrementAndGet();
            return new ByteArrayInputStream(BASE);
        };
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<ScanReport> first = pool.submit(() -> scanner.scan(List.of(BASE_REF), source));
            assertTrue(insertStarted.await(30, TimeUnit.SECONDS), "the first scan writes the layer cache");
            ScanReport during = scanner.scan(List.of(BASE_REF), source);
            assertEquals(1, baseOpens.get(), "the blob is not read again while its inventory is being written");
            assertFalse(first.isDone(), "the first scan waits for its cache write");
            insertMayGo.countDown();
            ScanReport firstReport = first.get(30, TimeUnit.SECONDS);
            assertEquals(firstReport.packages(), during.packages());
            assertEquals(1, TestDatabase.count(slowInserts, "SELECT COUNT(*) FROM vuln_layer_inventory"));
            scanner.scan(List.of(BASE_REF), source);
            assertEquals(1, baseOpens.get(), "cached");
        } finally {
            insertMayGo.countDown();
            pool.shutdownNow();
        }
    }

    /** A data source whose connections stop before preparing the layer cache's INSERT until {@code go} opens. */
    private static DataSource holdingInserts(DataSource ds, CountDownLatch started, CountDownLatch go) {
        InvocationHandler dataSource = (proxy, method, args) -> {
            Object result = invoke(ds, method, args);
            if (!(result instanceof Connection c)) {
                return result;
            }
            InvocationHandler connection = (p, m, a) -> {
                // the scanner's warm-up thread only compiles the INSERT: holding it would hold no cache write
                if (m.getName().equals("prepareStatement") && a != null && a[0] instanceof String sql
                        && sql.startsWith("INSERT INTO vuln_layer_inventory")
                        && !Thread.currentThread().getName().equals("wharf-scanner-warm-up")) {
                    started.countDown();
                    if (!go.await(30, TimeUnit.SECONDS)) {
                        throw new SQLException("test: insert never released");
                    }
                }
                return invoke(c, m, a);
            };
            return Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                    connection);
        };
        return (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(), new Class<?>[] {DataSource.class},
                dataSource);
    }

    private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
