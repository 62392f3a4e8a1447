package io.wharf.scanner.rpmdb;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * rpm's own "ndb" backend ({@code Packages.db}, SUSE since 15.3), layout from rpm's {@code lib/backend/ndb/rpmpkg.c}:
 * a 32-byte header ("RpmP", version 0, generation, number of 4 KiB slot pages), the slot pages (16-byte slots:
 * "Slot", package index, block offset, block count; index 0 is free), and blocks of 16 bytes holding a blob header
 * ("BlbS", package index, checksum, length) followed by the header blob. Little-endian.
 */
final class NdbRpmdb {
    static final int HEADER_MAGIC = 'R' | 'p' << 8 | 'm' << 16 | 'P' << 24;
    private static final int SLOT_MAGIC = 'S' | 'l' << 8 | 'o' << 16 | 't' << 24;
    private static final int BLOB_MAGIC = 'B' | 'l' << 8 | 'b' << 16 | 'S' << 24;
    private static final int SLOT_PAGE = 4096;
    private static final int SLOT_SIZE = 16;
    private static final int BLOCK = 16;
    private static final int MAX_SLOT_PAGES = 2048;
    private static final int MAX_BLOB = 64 << 20;

    private NdbRpmdb() {
    }

    static void read(PagedFile file, BlobConsumer out) throws IOException {
        ByteBuffer header = file.read(0, 32, ByteOrder.LITTLE_ENDIAN);
        int version = header.getInt(4);
        long slotPages = Integer.toUnsignedLong(header.getInt(12));
        if (header.getInt(0) != HEADER_MAGIC || version != 0 || slotPages == 0 || slotPages > MAX_SLOT_PAGES) {
            throw new IOException("unsupported ndb database (version " + version + ", " + slotPages + " slot pages)");
        }
        ByteBuffer slots = file.read(0, (int) (slotPages * SLOT_PAGE), ByteOrder.LITTLE_ENDIAN);
        for (int at = 32; at < slots.limit(); at += SLOT_SIZE) { // the first two slots' room is the header
            if (slots.getInt(at) != SLOT_MAGIC) {
                throw new IOException("corrupt ndb slot at " + at);
            }
            int pkgIndex = slots.getInt(at + 4);
            if (pkgIndex == 0) {
                continue;
            }
            long offset = Integer.toUnsignedLong(slots.getInt(at + 8)) * BLOCK;
            ByteBuffer blobHeader = file.read(offset, 16, ByteOrder.LITTLE_ENDIAN);
            long length = Integer.toUnsignedLong(blobHeader.getInt(12));
            if (blobHeader.getInt(0) != BLOB_MAGIC || blobHeader.getInt(4) != pkgIndex || length > MAX_BLOB) {
                throw new IOException("corrupt ndb blob for package " + pkgIndex);
            }
            byte[] blob = new byte[(int) length];
            file.read(offset + 16, (int) length, ByteOrder.BIG_ENDIAN).get(0, blob);
            out.accept(blob);
        }
    }
}
