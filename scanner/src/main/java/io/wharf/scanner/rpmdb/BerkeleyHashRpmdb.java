package io.wharf.scanner.rpmdb;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * rpm's Berkeley DB backend ({@code var/lib/rpm/Packages}: RHEL/UBI 8, CentOS 7, Amazon Linux 2): a hash database
 * whose values are the header blobs. Every hash page is visited in file order (no hashing needed to list all
 * values); a value is an off-page item whose bytes are on a chain of overflow pages. The byte order is the writing
 * machine's (s390x images are big-endian), told by the metadata page's magic. Layout from Berkeley DB's
 * {@code db_page.h} and {@code hash.h}.
 */
final class BerkeleyHashRpmdb {
    static final int HASH_MAGIC = 0x061561;
    private static final int PAGE_HEADER = 26;
    private static final int P_HASH_UNSORTED = 2;
    private static final int P_OVERFLOW = 7;
    private static final int P_HASH = 13;
    private static final int H_OFFPAGE = 3;
    private static final int MAX_VALUE = 64 << 20;

    private BerkeleyHashRpmdb() {
    }

    /** The byte order of a Berkeley DB hash file, from the magic at offset 12; null when it is not one. */
    static ByteOrder order(ByteBuffer firstBytes) {
        if (firstBytes.limit() < 16) {
            return null;
        }
        if (firstBytes.order(ByteOrder.LITTLE_ENDIAN).getInt(12) == HASH_MAGIC) {
            return ByteOrder.LITTLE_ENDIAN;
        }
        if (firstBytes.order(ByteOrder.BIG_ENDIAN).getInt(12) == HASH_MAGIC) {
            return ByteOrder.BIG_ENDIAN;
        }
        return null;
    }

    static void read(PagedFile file, ByteOrder order, BlobConsumer out) throws IOException {
        ByteBuffer meta = file.read(0, 72, order);
        int pageSize = meta.getInt(20);
        if (pageSize < 512 || pageSize > 65536 || Integer.bitCount(pageSize) != 1) {
            throw new IOException("Berkeley DB page size " + pageSize);
        }
        if (meta.get(24) != 0) {
            throw new IOException("encrypted Berkeley DB");
        }
        long lastPage = Math.min(Integer.toUnsignedLong(meta.getInt(32)), file.size() / pageSize - 1);
        for (long pageNo = 1; pageNo <= lastPage; pageNo++) {
            ByteBuffer page = file.read(pageNo * pageSize, pageSize, order);
            int type = Byte.toUnsignedInt(page.get(25));
            if (type != P_HASH && type != P_HASH_UNSORTED) {
                continue;
            }
            int entries = Short.toUnsignedInt(page.getShort(20));
            // entries alternate key, value; a value's first byte tells inline data from an off-page reference
            for (int i = 1; i < entries; i += 2) {
                int at = PAGE_HEADER + 2 * i;
                if (at + 2 > pageSize) {
                    throw new IOException("corrupt Berkeley DB hash page " + pageNo);
                }
                int item = Short.toUnsignedInt(page.getShort(at));
                if (item >= pageSize) {
                    throw new IOException("corrupt Berkeley DB hash page " + pageNo);
                }
                if (page.get(item) == H_OFFPAGE) {
                    if (item + 12 > pageSize) {
                        throw new IOException("corrupt Berkeley DB hash page " + pageNo);
                    }
                    long first = Integer.toUnsignedLong(page.getInt(item + 4));
                    long length = Integer.toUnsignedLong(page.getInt(item + 8));
                    out.accept(overflowChain(file, order, pageSize, lastPage, first, length));
                }
                // inline values are too small to be a header (rpm stores only its counter inline)
            }
        }
    }

    private static byte[] overflowChain(PagedFile file, ByteOrder order, int pageSize, long lastPage, long first,
                                        long length) throws IOException {
        if (length > MAX_VALUE) {
            throw new IOException("Berkeley DB value of " + length + " bytes");
        }
        byte[] value = new byte[(int) length];
        int filled = 0;
        long pageNo = first;
        long hops = 0;
        while (filled < value.length) {
            if (pageNo < 1 || pageNo > lastPage || ++hops > lastPage) {
                throw new IOException("corrupt Berkeley DB overflow chain");
            }
            ByteBuffer page = file.read(pageNo * pageSize, pageSize, order);
            if (Byte.toUnsignedInt(page.get(25)) != P_OVERFLOW) {
                throw new IOException("Berkeley DB overflow chain reaches page " + pageNo + " of another type");
            }
            int used = Short.toUnsignedInt(page.getShort(22)); // on overflow pages: bytes of data on this page
            int n = Math.min(Math.min(used, pageSize - PAGE_HEADER), value.length - filled);
            page.get(PAGE_HEADER, value, filled, n);
            filled += n;
            pageNo = Integer.toUnsignedLong(page.getInt(16));
            if (n == 0 && filled < value.length) {
                throw new IOException("empty Berkeley DB overflow page " + pageNo);
            }
        }
        return value;
    }
}
