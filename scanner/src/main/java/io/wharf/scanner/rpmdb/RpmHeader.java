package io.wharf.scanner.rpmdb;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The fields of one installed package's rpm header that a scan needs. A header blob as the package database
 * stores it is: index count {@code il} and data length {@code dl} (big-endian 32-bit), {@code il} index entries of
 * 16 bytes (tag, type, offset, count), then {@code dl} bytes of data the entries point into.
 *
 * @param name            NAME (tag 1000)
 * @param epoch           EPOCH (1003), null when the package has none
 * @param version         VERSION (1001)
 * @param release         RELEASE (1002)
 * @param arch            ARCH (1022), null for packages without one ({@code gpg-pubkey})
 * @param sourceRpm       SOURCERPM (1044), e.g. {@code openssl-3.0.7-16.el9_2.src.rpm}, or null
 * @param modularityLabel MODULARITYLABEL (5096), {@code name:stream:version:context}, or null
 */
public record RpmHeader(String name, Integer epoch, String version, String release, String arch,
                        String sourceRpm, String modularityLabel) {
    static final int TAG_NAME = 1000;
    static final int TAG_VERSION = 1001;
    static final int TAG_RELEASE = 1002;
    static final int TAG_EPOCH = 1003;
    static final int TAG_ARCH = 1022;
    static final int TAG_SOURCERPM = 1044;
    static final int TAG_MODULARITYLABEL = 5096;

    private static final int TYPE_INT32 = 4;
    private static final int TYPE_STRING = 6;
    private static final int TYPE_STRING_ARRAY = 8;
    private static final int TYPE_I18NSTRING = 9;
    private static final int ENTRY_SIZE = 16;
    /** rpm's own limit on index entries (HEADER_TAGS_MAX). */
    private static final int MAX_ENTRIES = 0xffff;

    /** {@code [epoch:]version-release}, the way rpm prints an EVR and OSV records write fixed versions. */
    public String evr() {
        return (epoch != null ? epoch + ":" : "") + version + "-" + release;
    }

    /** The source package's name: SOURCERPM without {@code -version-release.src.rpm}, or null. */
    public String sourceName() {
        String[] nvr = sourceNvr();
        return nvr == null ? null : nvr[0];
    }

    /** The source package's {@code version-release}, or null. */
    public String sourceVersionRelease() {
        String[] nvr = sourceNvr();
        return nvr == null ? null : nvr[1] + "-" + nvr[2];
    }

    private String[] sourceNvr() {
        if (sourceRpm == null) {
            return null;
        }
        String s = sourceRpm;
        for (String suffix : new String[] {".src.rpm", ".nosrc.rpm"}) {
            if (s.endsWith(suffix)) {
                s = s.substring(0, s.length() - suffix.length());
                break;
            }
        }
        int r = s.lastIndexOf('-');
        int v = r > 0 ? s.lastIndexOf('-', r - 1) : -1;
        if (v <= 0) {
            return null;
        }
        return new String[] {s.substring(0, v), s.substring(v + 1, r), s.substring(r + 1)};
    }

    /**
     * Reads a header blob.
     *
     * @throws IOException when the blob is not a well-formed header or lacks name, version or release
     */
    public static RpmHeader parse(byte[] blob) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(blob); // big-endian, as rpm writes headers on every platform
        if (blob.length < 8) {
            throw new IOException("rpm header blob of " + blob.length + " bytes");
        }
        int il = b.getInt(0);
        int dl = b.getInt(4);
        long dataStart = 8L + (long) il * ENTRY_SIZE;
        if (il <= 0 || il > MAX_ENTRIES || dl < 0 || dataStart + dl > blob.length) {
            throw new IOException("malformed rpm header (" + il + " entries, " + dl + " data bytes in a blob of "
                    + blob.length + ")");
        }
        String name = null;
        String version = null;
        String release = null;
        String arch = null;
        String sourceRpm = null;
        String module = null;
        Integer epoch = null;
        for (int i = 0; i < il; i++) {
            int at = 8 + i * ENTRY_SIZE;
            int tag = b.getInt(at);
            int type = b.getInt(at + 4);
            int offset = b.getInt(at + 8);
            int count = b.getInt(at + 12);
            if (offset < 0 || offset >= dl) {
                continue; // region tags and dribble entries point elsewhere; nothing we read
            }
            int pos = (int) dataStart + offset;
            int end = (int) dataStart + dl;
            switch (tag) {
                case TAG_NAME -> name = string(blob, type, pos, end);
                case TAG_VERSION -> version = string(blob, type, pos, end);
                case TAG_RELEASE -> release = string(blob, type, pos, end);
                case TAG_ARCH -> arch = string(blob, type, pos, end);
                case TAG_SOURCERPM -> sourceRpm = string(blob, type, pos, end);
                case TAG_MODULARITYLABEL -> module = string(blob, type, pos, end);
                case TAG_EPOCH -> {
                    if (type == TYPE_INT32 && count >= 1 && pos + 4 <= end) {
                        epoch = b.getInt(pos);
                    }
                }
                default -> {
                }
            }
        }
        if (name == null || version == null || release == null) {
            throw new IOException("rpm header without name, version or release");
        }
        return new RpmHeader(name, epoch, version, release, arch, sourceRpm, module);
    }

    /** A NUL-terminated string (the first one of an array or i18n table); null for other types. */
    private static String string(byte[] blob, int type, int pos, int end) throws IOException {
        if (type != TYPE_STRING && type != TYPE_I18NSTRING && type != TYPE_STRING_ARRAY) {
            return null;
        }
        int nul = pos;
        while (nul < end && blob[nul] != 0) {
            nul++;
        }
        if (nul >= end) {
            throw new IOException("unterminated string in rpm header");
        }
        return new String(blob, pos, nul - pos, StandardCharsets.UTF_8);
    }
}
