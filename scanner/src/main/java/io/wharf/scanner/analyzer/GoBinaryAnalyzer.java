package io.wharf.scanner.analyzer;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Go executables: the build information the Go toolchain embeds in ELF binaries ({@code go version -m}), giving
 * the Go version (reported as the {@code stdlib} module) and the main module and dependencies with their versions.
 *
 * <p>Go binaries can be anywhere, so this analyzer is offered every regular file with an execute bit
 * ({@link #acceptsExecutable}); it reads past anything that does not start with the ELF magic. The file is read once,
 * front to back, never buffered whole: the ELF header and program headers come first, then the build information
 * is looked for where the linker puts it: 16-byte aligned in a writable, non-executable loadable segment (at the
 * start of the first one for Go's own linker; of a later one for position-independent binaries, after the
 * relocation read-only data; after {@code .data} when linked by the system linker). {@code debug/buildinfo} finds
 * the {@code .go.buildinfo} section by the section headers, but those are at the end of the file, out of reach of a
 * forward-only read; so each such segment is searched, 16 bytes at a time through an 8 KiB buffer, never holding
 * more. The strings after the header are capped at {@link #MAX_STRING}. Build information of Go before 1.18
 * (strings behind pointers) is not read.
 */
public final class GoBinaryAnalyzer implements Analyzer {
    /** {@code \xff Go buildinf:}, at the start of the 32-byte build information header. */
    private static final byte[] MAGIC = "\u00ff Go buildinf:".getBytes(StandardCharsets.ISO_8859_1);
    private static final int HEADER = 32;
    private static final int ALIGN = 16;
    /** Header flag: version and module strings follow the header inline (Go 1.18+). */
    private static final int FLAG_INLINE_STRINGS = 0x2;
    /** How much of the file start may hold the ELF and program headers (they follow the ELF header). */
    static final int HEAD = 64 * 1024;
    private static final int ELF32_HEADER = 52;
    private static final int ELF64_HEADER = 64;
    /** Read buffer: the search reads 16 bytes at a time, which must not each go down the layer's stream stack. */
    private static final int BUFFER = 8 * 1024;
    /** Reads past text and read-only data in large steps, as the layer reader skips unanalysed files. */
    private static final int SKIP_BUFFER = 64 * 1024;
    /** Cap for the version and module strings (a large application's module list is tens of KiB). */
    static final int MAX_STRING = 4 << 20;
    private static final int PT_LOAD = 1;
    private static final int PF_X = 1;
    private static final int PF_W = 2;

    /** Runs of {@code \n}-terminated module text are framed by two 16-byte sentinels that are not part of it. */
    private static final int SENTINEL = 16;

    @Override
    public boolean accepts(String path) {
        return false;
    }

    @Override
    public boolean acceptsExecutable(String path, int mode) {
        return (mode & 0111) != 0;
    }

    @Override
    public FileFacts analyze(String path, InputStream content, long size) throws IOException {
        GoBuildInfo info = read(content);
        if (info == null) {
            return FileFacts.NOTHING;
        }
        List<FoundPackage> packages = new ArrayList<>();
        String stdlib = info.stdlibVersion();
        if (stdlib != null) {
            packages.add(new FoundPackage(GoBuildInfo.STDLIB, stdlib, FoundPackage.GO_BINARY, null, null, path));
        }
        for (GoBuildInfo.Module m : info.modules()) {
            packages.add(new FoundPackage(m.path(), m.version(), FoundPackage.GO_BINARY, null, null, path));
        }
        return FileFacts.of(packages);
    }

    /** The build information of an ELF Go binary, or null when the stream is not one (or is from Go before 1.18). */
    static GoBuildInfo read(InputStream content) throws IOException {
        Cursor in = new Cursor(new BufferedInputStream(content, BUFFER));
        byte[] ident = in.readUpTo(ELF64_HEADER);
        if (ident.length < ELF32_HEADER || ident[0] != 0x7f || ident[1] != 'E' || ident[2] != 'L' || ident[3] != 'F') {
            return null;
        }
        long headerEnd = programHeadersEnd(ident);
        if (headerEnd < 0 || headerEnd > HEAD) {
            return null;
        }
        byte[] rest = in.readUpTo((int) Math.max(0, headerEnd - ident.length));
        byte[] head = Arrays.copyOf(ident, ident.length + rest.length);
        System.arraycopy(rest, 0, head, ident.length, rest.length);
        List<Segment> segments = writableSegments(head);
        for (Segment s : segments) {
            long start = s.offset + Math.floorMod(-s.vaddr, ALIGN);
            long end = s.offset + s.fileSize;
            if (start < in.position()) {
                continue; // overlaps what was read already (only in odd files; Go never lays segments out so)
            }
            if (!in.skipTo(start)) {
                return null;
            }
            byte[] block = new byte[ALIGN];
            while (in.position() + HEADER <= end) {
                if (!in.readFully(block)) {
                    return null;
                }
                if (Arrays.equals(block, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
                    return buildInfo(block, in);
                }
            }
        }
        return null;
    }

    /** After the magic block: flags, then (Go 1.18+) the version and module text as varint-prefixed strings. */
    private static GoBuildInfo buildInfo(byte[] magicBlock, Cursor in) throws IOException {
        int flags = magicBlock[15] & 0xff;
        if ((flags & FLAG_INLINE_STRINGS) == 0) {
            return null;
        }
        if (!in.readFully(new byte[HEADER - ALIGN])) {
            return null;
        }
        String version = in.readString();
        String modInfo = in.readString();
        if (version == null || modInfo == null) {
            return null;
        }
        if (modInfo.length() >= 2 * SENTINEL + 1 && modInfo.charAt(modInfo.length() - SENTINEL - 1) == '\n') {
            modInfo = modInfo.substring(SENTINEL, modInfo.length() - SENTINEL);
        } else {
            modInfo = "";
        }
        return GoBuildInfo.parse(version, modInfo);
    }

    private record Segment(long offset, long vaddr, long fileSize) {
    }

    /** Where the program header table ends, from the ELF header; -1 when the header is not a usable one. */
    private static long programHeadersEnd(byte[] ident) {
        boolean is64 = ident[4] == 2;
        if (!is64 && ident[4] != 1 || is64 && ident.length < ELF64_HEADER) {
            return -1;
        }
        ByteBuffer b = ByteBuffer.wrap(ident).order(ident[5] == 2 ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        long phoff = is64 ? b.getLong(0x20) : Integer.toUnsignedLong(b.getInt(0x1c));
        int phentsize = Short.toUnsignedInt(b.getShort(is64 ? 0x36 : 0x2a));
        int phnum = Short.toUnsignedInt(b.getShort(is64 ? 0x38 : 0x2c));
        if (phoff <= 0 || phoff > HEAD || phentsize < (is64 ? 56 : 32) || phnum == 0) {
            return -1;
        }
        return phoff + (long) phentsize * phnum;
    }

    /** The loadable segments that are writable but not executable, in file order. */
    private static List<Segment> writableSegments(byte[] head) {
        boolean is64 = head[4] == 2;
        ByteBuffer b = ByteBuffer.wrap(head).order(head[5] == 2 ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        long phoff = is64 ? b.getLong(0x20) : Integer.toUnsignedLong(b.getInt(0x1c));
        int phentsize = Short.toUnsignedInt(b.getShort(is64 ? 0x36 : 0x2a));
        int phnum = Short.toUnsignedInt(b.getShort(is64 ? 0x38 : 0x2c));
        int minEntry = is64 ? 56 : 32;
        if (phoff <= 0 || phentsize < minEntry || phoff + (long) phentsize * phnum > head.length) {
            return List.of();
        }
        List<Segment> out = new ArrayList<>();
        for (int i = 0; i < phnum; i++) {
            int p = (int) phoff + i * phentsize;
            int type = b.getInt(p);
            int flags = is64 ? b.getInt(p + 4) : b.getInt(p + 24);
            long offset = is64 ? b.getLong(p + 8) : Integer.toUnsignedLong(b.getInt(p + 4));
            long vaddr = is64 ? b.getLong(p + 16) : Integer.toUnsignedLong(b.getInt(p + 8));
            long fileSize = is64 ? b.getLong(p + 32) : Integer.toUnsignedLong(b.getInt(p + 16));
            if (type == PT_LOAD && (flags & (PF_X | PF_W)) == PF_W && offset >= 0 && fileSize > 0) {
                out.add(new Segment(offset, vaddr, fileSize));
            }
        }
        out.sort(Comparator.comparingLong(Segment::offset));
        return out;
    }

    /** Forward-only reading with the position in the file, which is all a tar entry's stream allows. */
    private static final class Cursor {
        private final InputStream in;
        private long position;

        Cursor(InputStream in) {
            this.in = in;
        }

        long position() {
            return position;
        }

        byte[] readUpTo(int n) throws IOException {
            byte[] bytes = in.readNBytes(n);
            position += bytes.length;
            return bytes;
        }

        boolean readFully(byte[] into) throws IOException {
            int n = in.readNBytes(into, 0, into.length);
            position += n;
            return n == into.length;
        }

        /** Reads up to {@code target} (not {@code skip}: a tar entry's skip allocates a buffer per 8 KiB). */
        boolean skipTo(long target) throws IOException {
            byte[] discard = new byte[SKIP_BUFFER];
            while (position < target) {
                int n = in.read(discard, 0, (int) Math.min(discard.length, target - position));
                if (n < 0) {
                    return false;
                }
                position += n;
            }
            return true;
        }

        /** A uvarint-prefixed string, or null when it is cut off; longer than {@link #MAX_STRING} is an error. */
        String readString() throws IOException {
            long length = 0;
            for (int shift = 0; ; shift += 7) {
                int b = in.read();
                if (b < 0 || shift > 28) {
                    return null;
                }
                position++;
                length |= (long) (b & 0x7f) << shift;
                if ((b & 0x80) == 0) {
                    break;
                }
            }
            if (length > MAX_STRING) {
                throw new IOException("Go build information of " + length + " bytes, more than the "
                        + MAX_STRING + " read");
            }
            byte[] bytes = new byte[(int) length];
            return readFully(bytes) ? new String(bytes, StandardCharsets.UTF_8) : null;
        }
    }
}
