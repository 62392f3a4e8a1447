package io.wharf.scanner.rpmdb;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * rpm's SQLite backend ({@code rpmdb.sqlite}, rpm 4.16+: RHEL/UBI 9, Fedora 33+): the header blobs are the
 * {@code blob} column of table {@code Packages (hnum INTEGER PRIMARY KEY, blob BLOB)}. Read straight from the file
 * format (https://www.sqlite.org/fileformat2.html), read-only: the schema table on page 1 names the table's root
 * page, whose table b-tree is walked (interior pages to leaves, payloads continued on overflow pages). A write-ahead
 * log beside the file is not read: rpm checkpoints it when it closes the database.
 */
final class SqliteRpmdb {
    static final byte[] MAGIC = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);
    private static final int LEAF_TABLE = 0x0d;
    private static final int INTERIOR_TABLE = 0x05;
    /** Largest value we accept from one record: rpm headers are far smaller (rpm caps them at 256 MiB, we lower). */
    private static final int MAX_PAYLOAD = 64 << 20;

    private final PagedFile file;
    private final int pageSize;
    private final int usable;
    private final long pageCount;

    private SqliteRpmdb(PagedFile file) throws IOException {
        this.file = file;
        ByteBuffer h = file.read(0, 100, ByteOrder.BIG_ENDIAN);
        int ps = Short.toUnsignedInt(h.getShort(16));
        this.pageSize = ps == 1 ? 65536 : ps;
        if (pageSize < 512 || Integer.bitCount(pageSize) != 1) {
            throw new IOException("not an SQLite database: page size " + pageSize);
        }
        this.usable = pageSize - Byte.toUnsignedInt(h.get(20));
        this.pageCount = file.size() / pageSize;
        if (h.getInt(56) != 0 && h.getInt(56) != 1) {
            // text encodings 2/3 (UTF-16) only change the schema's text, which rpm never writes that way
            throw new IOException("unsupported SQLite text encoding " + h.getInt(56));
        }
    }

    static void read(PagedFile file, BlobConsumer out) throws IOException {
        SqliteRpmdb db = new SqliteRpmdb(file);
        long root = db.packagesRoot();
        if (root <= 0) {
            throw new IOException("SQLite database without a Packages table");
        }
        db.walk(root, record -> {
            Object blob = column(record, 1);
            if (blob instanceof byte[] bytes) {
                out.accept(bytes);
            }
        });
    }

    /** The root page of table {@code Packages}, from the schema table (type, name, tbl_name, rootpage, sql). */
    private long packagesRoot() throws IOException {
        long[] root = {-1};
        walk(1, record -> {
            if ("table".equals(column(record, 0)) && "Packages".equals(column(record, 1))
                    && column(record, 3) instanceof Long page) {
                root[0] = page;
            }
        });
        return root[0];
    }

    private interface RecordConsumer {
        void accept(byte[] record) throws IOException;
    }

    /** Every record of the table b-tree rooted at {@code root}, depth first with an explicit stack. */
    private void walk(long root, RecordConsumer out) throws IOException {
        Deque<Long> pages = new ArrayDeque<>();
        pages.push(root);
        long visited = 0;
        while (!pages.isEmpty()) {
            long page = pages.pop();
            if (page < 1 || page > pageCount || ++visited > pageCount) {
                throw new IOException("corrupt SQLite b-tree (page " + page + ")");
            }
            ByteBuffer p = file.read((page - 1) * pageSize, pageSize, ByteOrder.BIG_ENDIAN);
            int header = page == 1 ? 100 : 0;
            int type = Byte.toUnsignedInt(p.get(header));
            int cells = Short.toUnsignedInt(p.getShort(header + 3));
            if (type == INTERIOR_TABLE) {
                pages.push(Integer.toUnsignedLong(p.getInt(header + 8)));
                for (int i = cells - 1; i >= 0; i--) {
                    int cell = Short.toUnsignedInt(p.getShort(header + 12 + 2 * i));
                    pages.push(Integer.toUnsignedLong(p.getInt(cell)));
                }
            } else if (type == LEAF_TABLE) {
                for (int i = 0; i < cells; i++) {
                    int cell = Short.toUnsignedInt(p.getShort(header + 8 + 2 * i));
                    out.accept(payload(p, cell));
                }
            } else {
                throw new IOException("unexpected SQLite page type " + type + " in a table b-tree");
            }
        }
    }

    /** The record of a leaf table cell: payload length, rowid, local bytes, then the overflow chain. */
    private byte[] payload(ByteBuffer p, int cell) throws IOException {
        long[] v = varint(p, cell);
        long length = v[0];
        int pos = (int) v[1];
        pos = (int) varint(p, pos)[1]; // rowid
        if (length < 0 || length > MAX_PAYLOAD) {
            throw new IOException("SQLite record of " + length + " bytes");
        }
        int total = (int) length;
        int maxLocal = usable - 35;
        int local;
        if (total <= maxLocal) {
            local = total;
        } else {
            int minLocal = (usable - 12) * 32 / 255 - 23;
            int k = minLocal + (total - minLocal) % (usable - 4);
            local = k <= maxLocal ? k : minLocal;
        }
        if (pos + local > pageSize) {
            throw new IOException("corrupt SQLite cell");
        }
        byte[] out = new byte[total];
        p.get(pos, out, 0, local);
        int filled = local;
        long next = local < total ? Integer.toUnsignedLong(p.getInt(pos + local)) : 0;
        long hops = 0;
        while (filled < total) {
            if (next < 1 || next > pageCount || ++hops > pageCount) {
                throw new IOException("corrupt SQLite overflow chain");
            }
            ByteBuffer o = file.read((next - 1) * pageSize, pageSize, ByteOrder.BIG_ENDIAN);
            int n = Math.min(usable - 4, total - filled);
            o.get(4, out, filled, n);
            filled += n;
            next = Integer.toUnsignedLong(o.getInt(0));
        }
        return out;
    }

    /** Column {@code index} of a record: Long, Double, String, byte[] or null. */
    static Object column(byte[] record, int index) throws IOException {
        ByteBuffer r = ByteBuffer.wrap(record);
        long[] h = varint(r, 0);
        int headerEnd = (int) h[0];
        int pos = (int) h[1];
        long dataPos = headerEnd;
        if (headerEnd > record.length) {
            throw new IOException("corrupt SQLite record header");
        }
        for (int i = 0; pos < headerEnd; i++) {
            long[] t = varint(r, pos);
            pos = (int) t[1];
            long type = t[0];
            long size = serialSize(type);
            if (i == index) {
                if (dataPos + size > record.length) {
                    throw new IOException("corrupt SQLite record");
                }
                return value(record, (int) dataPos, (int) size, type);
            }
            dataPos += size;
        }
        return null; // a column added after the row was written
    }

    private static long serialSize(long type) {
        if (type >= 12) {
            return (type - (type % 2 == 0 ? 12 : 13)) / 2;
        }
        return switch ((int) type) {
            case 1 -> 1;
            case 2 -> 2;
            case 3 -> 3;
            case 4 -> 4;
            case 5 -> 6;
            case 6, 7 -> 8;
            default -> 0;
        };
    }

    private static Object value(byte[] record, int pos, int size, long type) {
        if (type >= 12) {
            byte[] bytes = java.util.Arrays.copyOfRange(record, pos, pos + size);
            return type % 2 == 0 ? bytes : new String(bytes, StandardCharsets.UTF_8);
        }
        if (type == 0) {
            return null;
        }
        if (type == 8 || type == 9) {
            return type - 8;
        }
        if (type == 7) {
            return Double.longBitsToDouble(ByteBuffer.wrap(record, pos, 8).getLong());
        }
        long v = record[pos]; // sign-extended big-endian integer
        for (int i = 1; i < size; i++) {
            v = (v << 8) | (record[pos + i] & 0xff);
        }
        return v;
    }

    /** SQLite's varint at {@code pos}: {value, position after it}. */
    private static long[] varint(ByteBuffer b, int pos) throws IOException {
        long v = 0;
        for (int i = 0; i < 9; i++) {
            if (pos + i >= b.limit()) {
                throw new IOException("truncated SQLite varint");
            }
            int c = Byte.toUnsignedInt(b.get(pos + i));
            if (i == 8) {
                return new long[] {(v << 8) | c, pos + 9};
            }
            v = (v << 7) | (c & 0x7f);
            if ((c & 0x80) == 0) {
                return new long[] {v, pos + i + 1};
            }
        }
        throw new AssertionError();
    }
}
