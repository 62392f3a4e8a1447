package io.wharf.scanner.vulndb;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.regex.Pattern;

/**
 * Reads the SHA-1s of a Maven repository index in the transfer format Maven Central publishes
 * ({@code .index/nexus-maven-repository-index.gz}, written by Apache Maven Indexer), as a stream. After gzip: a
 * format version byte ({@code 1}) and a timestamp ({@code long}), then documents until the end: an {@code int}
 * field count, and per field a flags byte, the name ({@code DataOutput.writeUTF}) and the value (an {@code int}
 * length and that many bytes of modified UTF-8). A document with {@code u}
 * ({@code groupId|artifactId|version|classifier[|extension]}) and {@code 1} (the SHA-1) gives one entry; other
 * fields (class names, descriptions) are skipped unread, deleted documents ({@code del}) ignored.
 */
final class NexusIndexReader {
    static final int FORMAT_VERSION = 1;
    /** Largest field value accepted; larger means the file is not an index (or is corrupt). */
    private static final int MAX_VALUE = 16 << 20;
    private static final Pattern SHA1 = Pattern.compile("[0-9a-fA-F]{40}");

    private NexusIndexReader() {
    }

    interface EntryConsumer {
        void accept(String sha1, MavenSha1Index.Coordinates coordinates) throws SQLException;
    }

    /** Whether the un-gzipped head of a file looks like an index: version 1, a timestamp, a first field's header. */
    static boolean looksLikeIndex(byte[] head) {
        if (head.length < 1 + 8 + 4 + 1 + 2 || head[0] != FORMAT_VERSION) {
            return false;
        }
        int fields = ((head[9] & 0xff) << 24) | ((head[10] & 0xff) << 16) | ((head[11] & 0xff) << 8) | (head[12] & 0xff);
        int nameLength = ((head[14] & 0xff) << 8) | (head[15] & 0xff);
        return fields > 0 && fields < 1000 && nameLength > 0 && nameLength < 256;
    }

    /** Every SHA-1 entry of an index; the stream is the un-gzipped index. */
    static void read(InputStream unzipped, EntryConsumer consumer) throws IOException, SQLException {
        DataInputStream in = new DataInputStream(unzipped);
        int version = in.readUnsignedByte();
        if (version != FORMAT_VERSION) {
            throw new IOException("index format version " + version + ", not " + FORMAT_VERSION);
        }
        in.readLong(); // timestamp
        while (true) {
            int fieldCount;
            try {
                fieldCount = in.readInt();
            } catch (EOFException end) {
                return;
            }
            String uinfo = null;
            String sha1 = null;
            boolean deleted = false;
            for (int i = 0; i < fieldCount; i++) {
                in.readUnsignedByte(); // flags (indexed, tokenized, stored)
                String name = in.readUTF();
                int length = in.readInt();
                if (length < 0 || length > MAX_VALUE) {
                    throw new IOException("field '" + name + "' of " + length + " bytes");
                }
                switch (name) {
                    case "u" -> uinfo = value(in, length);
                    case "1" -> sha1 = value(in, length);
                    case "del" -> {
                        deleted = true;
                        in.skipNBytes(length);
                    }
                    default -> in.skipNBytes(length);
                }
            }
            if (!deleted && uinfo != null && sha1 != null && SHA1.matcher(sha1).matches()) {
                String[] gav = uinfo.split("\\|");
                if (gav.length >= 3 && !gav[0].isEmpty() && !gav[1].isEmpty() && !gav[2].isEmpty()) {
                    consumer.accept(sha1, new MavenSha1Index.Coordinates(gav[0], gav[1], gav[2]));
                }
            }
        }
    }

    /** Group, artifact and version are ASCII in practice; modified UTF-8 differs from UTF-8 only beyond it. */
    private static String value(DataInputStream in, int length) throws IOException {
        return new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }
}
