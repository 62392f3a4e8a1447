package io.wharf.scanner.vulndb;

import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Parses the documents of an import (the entries of an OSV {@code all.zip}, the files of a folder) on a small pool of
 * threads while the importing thread reads the next ones, and hands each document's outcome to the importing thread
 * in the order the documents were submitted: the rows, counts and warnings are exactly those of a parse on one thread
 * (a record listed twice still ends as its later copy). One thread parsing was the bottleneck of a full import (the
 * writers waited for it with a core idle). Memory is bounded: at most {@value #IN_FLIGHT} documents and
 * {@value #IN_FLIGHT_BYTES} bytes of them are submitted and not yet handed on; the importing thread waits for the
 * oldest one beyond that.
 */
final class ParallelDocumentParser implements AutoCloseable {
    /** Documents submitted and not yet handed on. */
    static final int IN_FLIGHT = 512;
    /** Bytes of documents submitted and not yet handed on (one larger document still goes through, alone). */
    static final long IN_FLIGHT_BYTES = 64L << 20;

    /** The parse of one document, run on a pool thread: puts what it finds into {@code out}. */
    interface Parse {
        void parse(DocumentSink out) throws SQLException;
    }

    private record Pending(Future<ParsedDocument> result, long size) {
    }

    private static final AtomicInteger POOLS = new AtomicInteger();

    private final ExecutorService pool;
    private final DocumentSink sink;
    private final ArrayDeque<Pending> pending = new ArrayDeque<>();
    private long pendingBytes;

    /**
     * The number of parsing threads: the system property {@code wharf.vulndb.parsers} when set (0: the importing
     * thread parses everything itself), else one per core, none on a single core, at most four.
     */
    static int defaultParsers() {
        Integer configured = Integer.getInteger("wharf.vulndb.parsers");
        if (configured != null && configured >= 0) {
            return Math.min(16, configured);
        }
        int cores = Runtime.getRuntime().availableProcessors();
        return cores < 2 ? 0 : Math.min(4, cores);
    }

    /** @param sink where the outcomes go, called on the importing thread only */
    ParallelDocumentParser(int threads, DocumentSink sink) {
        this.sink = sink;
        int pool = POOLS.incrementAndGet();
        AtomicInteger n = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "wharf-vulndb-parser-" + pool + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** Queues the parse of a document of {@code size} bytes; first hands on the oldest outcomes while over the bounds. */
    void submit(long size, Parse parse) throws SQLException {
        while (!pending.isEmpty() && (pending.size() >= IN_FLIGHT || pendingBytes + size > IN_FLIGHT_BYTES)) {
            handOnOldest();
        }
        pending.add(new Pending(pool.submit(() -> {
            ParsedDocument doc = new ParsedDocument();
            parse.parse(doc);
            return doc;
        }), size));
        pendingBytes += size;
    }

    /** Hands on everything submitted so far (before the importing thread writes anything itself). */
    void drain() throws SQLException {
        while (!pending.isEmpty()) {
            handOnOldest();
        }
    }

    private void handOnOldest() throws SQLException {
        Pending p = pending.removeFirst();
        pendingBytes -= p.size();
        ParsedDocument doc;
        try {
            doc = p.result().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while importing", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof SQLException sql) {
                throw new SQLException(sql.getMessage(), sql.getSQLState(), sql.getErrorCode(), sql);
            }
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(cause);
        }
        doc.replayTo(sink);
    }

    /** Drops what was not handed on and stops the threads. */
    @Override
    public void close() {
        for (Pending p : pending) {
            p.result().cancel(true);
        }
        pending.clear();
        pendingBytes = 0;
        pool.shutdownNow();
        try {
            pool.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
