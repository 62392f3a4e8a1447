package io.wharf.scanner.rpmdb;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;

/** Positional reads from a database file, each bounded by the file's size (a corrupt offset is an error, not a hang). */
final class PagedFile {
    private final FileChannel channel;
    private final long size;

    PagedFile(FileChannel channel) throws IOException {
        this.channel = channel;
        this.size = channel.size();
    }

    long size() {
        return size;
    }

    /** {@code length} bytes at {@code offset}, in the given byte order. */
    ByteBuffer read(long offset, int length, ByteOrder order) throws IOException {
        if (offset < 0 || length < 0 || offset + length > size) {
            throw new EOFException("read of " + length + " bytes at " + offset + " beyond the end of the database ("
                    + size + " bytes)");
        }
        ByteBuffer buf = ByteBuffer.allocate(length).order(order);
        while (buf.hasRemaining()) {
            int n = channel.read(buf, offset + buf.position());
            if (n < 0) {
                throw new EOFException("database file shrank while read");
            }
        }
        return buf.flip();
    }
}
