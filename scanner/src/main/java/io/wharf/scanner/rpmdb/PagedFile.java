package io.wharf.scanner.rpmdb;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;

/**
 * Positional reads from a database file, each bounded by the file's size (a corrupt offset is an error, not a hang).
 * The file is memory-mapped (the analyzer caps database copies at 512 MiB), so a page read is a view, not a copy.
 */
final class PagedFile {
    private final ByteBuffer mapped;
    private final long size;

    PagedFile(FileChannel channel) throws IOException {
        this.size = channel.size();
        if (size > Integer.MAX_VALUE) {
            throw new IOException("rpm database of " + size + " bytes");
        }
        this.mapped = channel.map(FileChannel.MapMode.READ_ONLY, 0, size);
    }

    long size() {
        return size;
    }

    /** {@code length} bytes at {@code offset}, in the given byte order (positions from 0, the buffer's own). */
    ByteBuffer read(long offset, int length, ByteOrder order) throws IOException {
        if (offset < 0 || length < 0 || offset + length > size) {
            throw new EOFException("read of " + length + " bytes at " + offset + " beyond the end of the database ("
                    + size + " bytes)");
        }
        return mapped.slice((int) offset, length).order(order);
    }
}
