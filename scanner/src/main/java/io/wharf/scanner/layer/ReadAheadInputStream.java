package io.wharf.scanner.layer;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Reads a stream ahead in a thread of its own, a few chunks at most, so that decompressing a layer (the gunzip of a
 * 50 MB base layer is most of its read time) runs alongside the tar walk and the analyzers instead of before them.
 * The bytes are exactly those of the wrapped stream. Memory stays bounded: {@value #DEPTH} chunks of
 * {@value #CHUNK} bytes. {@link #close()} stops the reader thread and waits for it, so the wrapped stream is not
 * in use once close returns; it does not close the wrapped stream (its owner does).
 */
final class ReadAheadInputStream extends InputStream {
    static final int CHUNK = 256 * 1024;
    static final int DEPTH = 4;

    private record Chunk(byte[] bytes, int length) {
    }

    private static final Chunk END = new Chunk(new byte[0], 0);

    private final BlockingQueue<Chunk> queue = new ArrayBlockingQueue<>(DEPTH);
    private final Thread reader;
    private volatile boolean closed;
    private volatile Throwable failure;
    private Chunk current;
    private int pos;
    private boolean ended;

    ReadAheadInputStream(InputStream in, String name) {
        reader = new Thread(() -> readAll(in), "wharf-layer-read-ahead " + name);
        reader.setDaemon(true);
        reader.start();
    }

    private void readAll(InputStream in) {
        try {
            while (!closed) {
                byte[] buf = new byte[CHUNK];
                int n = in.readNBytes(buf, 0, CHUNK);
                if (n > 0 && !hand(new Chunk(buf, n))) {
                    return;
                }
                if (n < CHUNK) {
                    break;
                }
            }
        } catch (Throwable e) {
            failure = e;
        }
        hand(END);
    }

    /** Puts a chunk in the queue unless the stream is closed meanwhile; false when closed. */
    private boolean hand(Chunk chunk) {
        try {
            while (!closed) {
                if (queue.offer(chunk, 50, TimeUnit.MILLISECONDS)) {
                    return true;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }

    /** The chunk to read from, or null at the end of the stream. */
    private Chunk chunk() throws IOException {
        if (closed) {
            throw new IOException("stream closed");
        }
        while (!ended && (current == null || pos == current.length())) {
            try {
                current = queue.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted while reading ahead");
            }
            pos = 0;
            if (current == END) {
                ended = true;
            }
        }
        if (ended) {
            Throwable f = failure;
            if (f instanceof IOException io) {
                throw new IOException(io.getMessage(), io);
            }
            if (f instanceof RuntimeException re) {
                throw re;
            }
            if (f instanceof Error err) {
                throw err;
            }
            return null;
        }
        return current;
    }

    @Override
    public int read() throws IOException {
        Chunk c = chunk();
        return c == null ? -1 : c.bytes()[pos++] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        Chunk c = chunk();
        if (c == null) {
            return -1;
        }
        int n = Math.min(len, c.length() - pos);
        System.arraycopy(c.bytes(), pos, b, off, n);
        pos += n;
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long left = n;
        while (left > 0) {
            Chunk c = chunk();
            if (c == null) {
                break;
            }
            int k = (int) Math.min(left, c.length() - pos);
            pos += k;
            left -= k;
        }
        return n - left;
    }

    @Override
    public int available() {
        return current == null || ended ? 0 : current.length() - pos;
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        queue.clear();
        boolean interrupted = false;
        while (reader.isAlive()) {
            try {
                reader.join(50);
            } catch (InterruptedException e) {
                interrupted = true;
            }
            queue.clear();
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
