package io.wharf.scanner.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.apache.commons.compress.compressors.zstandard.ZstdCompressorOutputStream;

/** Builds image layer tarballs in memory, the way image builders write them. */
public final class LayerBuilder {
    public enum Compression { NONE, GZIP, ZSTD }

    private record Item(String path, byte[] content, boolean directory, String linkTarget, int mode) {
        Item(String path, byte[] content, boolean directory, String linkTarget) {
            this(path, content, directory, linkTarget, 0);
        }
    }

    private final List<Item> items = new ArrayList<>();

    public LayerBuilder file(String path, String content) {
        return file(path, content.getBytes(StandardCharsets.UTF_8));
    }

    public LayerBuilder file(String path, byte[] content) {
        items.add(new Item(path, content, false, null));
        return this;
    }

    /** A regular file with mode 0755 (an executable). */
    public LayerBuilder executable(String path, byte[] content) {
        items.add(new Item(path, content, false, null, 0100755));
        return this;
    }

    public LayerBuilder dir(String path) {
        items.add(new Item(path, null, true, null));
        return this;
    }

    public LayerBuilder symlink(String path, String target) {
        items.add(new Item(path, null, false, target));
        return this;
    }

    /** Deletes {@code path} of lower layers ({@code dir/.wh.name}). */
    public LayerBuilder whiteout(String path) {
        int slash = path.lastIndexOf('/');
        String dir = slash >= 0 ? path.substring(0, slash + 1) : "";
        return file(dir + ".wh." + path.substring(slash + 1), new byte[0]);
    }

    /** Hides lower layers' content of {@code dir}. */
    public LayerBuilder opaque(String dir) {
        return file(dir + "/.wh..wh..opq", new byte[0]);
    }

    public byte[] build(Compression compression) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (OutputStream compressed = switch (compression) {
                case NONE -> bytes;
                case GZIP -> new GzipCompressorOutputStream(bytes);
                case ZSTD -> new ZstdCompressorOutputStream(bytes);
            }; TarArchiveOutputStream tar = new TarArchiveOutputStream(compressed)) {
                tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
                for (Item item : items) {
                    TarArchiveEntry e;
                    if (item.linkTarget() != null) {
                        e = new TarArchiveEntry(item.path(), TarArchiveEntry.LF_SYMLINK);
                        e.setLinkName(item.linkTarget());
                    } else {
                        e = new TarArchiveEntry(item.directory() ? item.path() + "/" : item.path());
                        if (!item.directory()) {
                            e.setSize(item.content().length);
                        }
                        if (item.mode() != 0) {
                            e.setMode(item.mode());
                        }
                    }
                    tar.putArchiveEntry(e);
                    if (item.content() != null) {
                        tar.write(item.content());
                    }
                    tar.closeArchiveEntry();
                }
                tar.finish();
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String sha1(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String sha256(byte[] bytes) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
