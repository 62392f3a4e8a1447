package io.wharf.replication;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A policy's {@code speed} (KiB/s): the bytes read through {@link #wrap} are paced so that, since
 * the limit was made, no more than the limit has passed per second. 0 or less is no limit.
 */
final class SpeedLimit {
    private final long bytesPerSecond;
    private final long start = System.nanoTime();
    private long passed;

    SpeedLimit(long kibPerSecond) { this.bytesPerSecond = kibPerSecond <= 0 ? 0 : kibPerSecond * 1024; }

    InputStream wrap(InputStream in) {
        if (bytesPerSecond == 0) return in;
        return new FilterInputStream(in) {
            @Override public int read() throws IOException {
                int b = super.read();
                if (b >= 0) pace(1);
                return b;
            }

            @Override public int read(byte[] buf, int off, int len) throws IOException {
                int n = super.read(buf, off, (int) Math.min(len, Math.max(1024, bytesPerSecond / 8)));
                if (n > 0) pace(n);
                return n;
            }
        };
    }

    private void pace(int n) throws IOException {
        passed += n;
        long dueNanos = passed * 1_000_000_000L / bytesPerSecond;
        long waitMs = (dueNanos - (System.nanoTime() - start)) / 1_000_000;
        if (waitMs <= 0) return;
        try {
            Thread.sleep(waitMs);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("stopped while pacing to the speed limit");
        }
    }
}
