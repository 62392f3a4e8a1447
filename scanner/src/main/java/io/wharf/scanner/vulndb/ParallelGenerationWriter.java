package io.wharf.scanner.vulndb;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Writes a new generation (one no scan sees until it is swapped in) over several connections at once, each in a
 * thread of its own, while the caller goes on parsing: on Derby an import is bound by the CPU its inserts take, and
 * one thread used one core. Work is spread by key ({@code source|recordKey}, or release and package of a source
 * package): everything about one key goes to the same lane, in the order it was submitted, so a record listed twice
 * in a download still ends as its later copy. Each lane commits every {@value #COMMIT_ROWS} rows, fewer row locks
 * per table than Derby's default lock escalation threshold (5,000), so the tables are never locked whole. A failed
 * lane fails the import (the caller then discards the generation; nothing of it was ever visible). Memory is bounded
 * by {@value #QUEUE} parsed records a lane.
 */
final class ParallelGenerationWriter implements AutoCloseable {
    /** Rows (records and affected rows) a lane writes between commits. */
    static final int COMMIT_ROWS = 3_000;
    /** Parsed records waiting per lane. */
    static final int QUEUE = 256;

    /** What a lane does with one submitted item: writes it, and says how many rows that was. */
    interface Task {
        int write(VulnStore.Writer writer) throws SQLException;
    }

    private static final Task END = w -> 0;

    private final List<Lane> lanes = new ArrayList<>();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    /**
     * The number of lanes: the system property {@code wharf.vulndb.writers} when set (0: the importing thread writes
     * everything itself, as manual imports do), else one per core, at least one, at most four.
     */
    static int defaultLanes() {
        Integer configured = Integer.getInteger("wharf.vulndb.writers");
        if (configured != null && configured >= 0) {
            return Math.min(16, configured);
        }
        return Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
    }

    ParallelGenerationWriter(VulnStore store, VulnStore.Target target, int laneCount) throws SQLException {
        try {
            for (int i = 0; i < laneCount; i++) {
                Connection c = store.connection();
                Lane lane;
                try {
                    c.setAutoCommit(false);
                    lane = new Lane(c, store.writer(c, target), "wharf-vulndb-writer-" + (i + 1));
                } catch (SQLException | RuntimeException e) {
                    c.close();
                    throw e;
                }
                lanes.add(lane);
                lane.thread.start();
            }
        } catch (SQLException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Queues a task on the lane of its key; throws the failure of any lane, so the caller stops parsing. */
    void submit(String key, Task task) throws SQLException {
        rethrowFailure();
        Lane lane = lanes.get(Math.floorMod(key.hashCode(), lanes.size()));
        try {
            lane.queue.put(task);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while importing", e);
        }
    }

    /**
     * Queues a task on the given lane (0 to {@link #laneCount()} - 1): for work split by table, where each lane writes
     * its own tables (Derby makes concurrent inserts into one table wait for its last page, see VulnImporter).
     */
    void submitToLane(int lane, Task task) throws SQLException {
        rethrowFailure();
        try {
            lanes.get(lane).queue.put(task);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while importing", e);
        }
    }

    int laneCount() {
        return lanes.size();
    }

    /** Waits for every lane to write and commit what it was given; throws the first lane's failure. */
    void finish() throws SQLException {
        for (Lane lane : lanes) {
            lane.end();
        }
        for (Lane lane : lanes) {
            lane.join();
        }
        rethrowFailure();
    }

    private void rethrowFailure() throws SQLException {
        Throwable t = failure.get();
        if (t instanceof SQLException e) {
            throw new SQLException(e.getMessage(), e.getSQLState(), e.getErrorCode(), e);
        }
        if (t instanceof RuntimeException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        if (t instanceof Error e) {
            throw e;
        }
    }

    /** Stops the lanes (rolling back what they have not committed) and closes their connections. */
    @Override
    public void close() {
        failure.compareAndSet(null, new SQLException("import stopped"));
        for (Lane lane : lanes) {
            lane.end();
        }
        for (Lane lane : lanes) {
            lane.join();
        }
    }

    private final class Lane implements Runnable {
        final BlockingQueue<Task> queue = new ArrayBlockingQueue<>(QUEUE);
        final Connection c;
        final VulnStore.Writer writer;
        final Thread thread;
        private boolean ended;

        Lane(Connection c, VulnStore.Writer writer, String name) {
            this.c = c;
            this.writer = writer;
            this.thread = new Thread(this, name);
            thread.setDaemon(true);
        }

        @Override
        public void run() {
            int pending = 0;
            boolean failed = false;
            try {
                while (true) {
                    Task task = queue.take();
                    if (task == END) {
                        break;
                    }
                    if (failed || failure.get() != null) {
                        failed = true;
                        continue; // keep taking, so a producer blocked on a full queue gets on and sees the failure
                    }
                    try {
                        pending += task.write(writer);
                        if (pending >= COMMIT_ROWS) {
                            c.commit();
                            pending = 0;
                        }
                    } catch (SQLException | RuntimeException | Error e) {
                        failure.compareAndSet(null, e);
                        failed = true;
                    }
                }
                if (!failed && failure.get() == null) {
                    c.commit();
                }
            } catch (InterruptedException e) {
                failure.compareAndSet(null, new SQLException("import writer interrupted", e));
            } catch (SQLException | RuntimeException e) {
                failure.compareAndSet(null, e);
            } finally {
                try {
                    if (failure.get() != null) {
                        c.rollback();
                    }
                } catch (SQLException ignored) {
                    // the connection is closed next; the generation is discarded by the caller anyway
                }
                try {
                    writer.close();
                    c.setAutoCommit(true);
                    c.close();
                } catch (SQLException e) {
                    failure.compareAndSet(null, e);
                }
            }
        }

        synchronized void end() {
            if (ended) {
                return;
            }
            ended = true;
            boolean interrupted = false;
            while (true) {
                try {
                    queue.put(END); // the lane drains its queue whatever happens, so this gets through
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }

        void join() {
            boolean interrupted = false;
            while (thread.isAlive()) {
                try {
                    thread.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
