package io.wharf.scanner.rpmdb;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Reads the installed packages of an rpm database file, whichever of rpm's three formats it is in. */
public final class RpmDatabase {
    private RpmDatabase() {
    }

    /** The database formats rpm has used, told apart by content, not by file name. */
    public enum Format { SQLITE, BERKELEY_DB, NDB }

    /**
     * The packages of the database, in storage order. A header that does not parse is skipped (counted in
     * {@link Contents#skipped()}); a file in no known format or with a broken structure is an {@link IOException}.
     */
    public static Contents read(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            PagedFile paged = new PagedFile(channel);
            if (paged.size() < 32) {
                throw new IOException("not an rpm database (" + paged.size() + " bytes)");
            }
            byte[] first = new byte[32];
            paged.read(0, 32, ByteOrder.BIG_ENDIAN).get(0, first);
            ByteBuffer head = ByteBuffer.wrap(first);
            List<RpmHeader> headers = new ArrayList<>();
            int[] skipped = {0};
            // Every blob lives in the file once; values adding up to more mean overlapping (corrupt or crafted)
            // chains, which could otherwise keep the reader busy far beyond the file's size.
            long budget = 2 * paged.size() + (1 << 20);
            long[] read = {0};
            BlobConsumer collect = blob -> {
                read[0] += blob.length;
                if (read[0] > budget) {
                    throw new IOException("corrupt rpm database: its values add up to more than the file holds");
                }
                try {
                    headers.add(RpmHeader.parse(blob));
                } catch (IOException | RuntimeException notAHeader) {
                    skipped[0]++;
                }
            };
            try {
                return new Contents(readAs(paged, head, collect), headers, skipped[0]);
            } catch (RuntimeException e) {
                // the readers check what they follow; anything that still slips through is a corrupt file too
                throw new IOException("corrupt rpm database: " + e, e);
            }
        }
    }

    private static Format readAs(PagedFile paged, ByteBuffer head, BlobConsumer collect) throws IOException {
        Format format;
        ByteOrder bdbOrder = BerkeleyHashRpmdb.order(head.duplicate());
        if (Arrays.equals(Arrays.copyOf(head.array(), 16), SqliteRpmdb.MAGIC)) {
            format = Format.SQLITE;
            SqliteRpmdb.read(paged, collect);
        } else if (head.order(ByteOrder.LITTLE_ENDIAN).getInt(0) == NdbRpmdb.HEADER_MAGIC) {
            format = Format.NDB;
            NdbRpmdb.read(paged, collect);
        } else if (bdbOrder != null) {
            format = Format.BERKELEY_DB;
            BerkeleyHashRpmdb.read(paged, bdbOrder, collect);
        } else {
            throw new IOException("not an rpm database in a known format (SQLite, Berkeley DB hash, ndb)");
        }
        return format;
    }

    /** What a database file holds. */
    public record Contents(Format format, List<RpmHeader> packages, int skipped) {
        public Contents {
            packages = List.copyOf(packages);
        }
    }
}
