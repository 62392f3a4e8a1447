package io.wharf.scanner.layer;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.zstandard.ZstdCompressorInputStream;
import org.apache.commons.compress.compressors.zstandard.ZstdUtils;

/**
 * Opens a layer blob as an uncompressed tar stream. The compression is taken from the first bytes (gzip
 * {@code 1f 8b}, zstd {@code 28 b5 2f fd}, bzip2 {@code BZh}), not from the media type, because registries and
 * tools do not always label layers truthfully.
 */
public final class LayerStreams {
    private static final int SIGNATURE_LENGTH = 12;

    private LayerStreams() {
    }

    public static InputStream decompressed(InputStream raw) throws IOException {
        InputStream in = raw.markSupported() ? raw : new BufferedInputStream(raw, 64 * 1024);
        byte[] signature = new byte[SIGNATURE_LENGTH];
        in.mark(SIGNATURE_LENGTH);
        int read = readFully(in, signature);
        in.reset();
        if (GzipCompressorInputStream.matches(signature, read)) {
            // a layer may be several concatenated gzip members
            return new GzipCompressorInputStream(in, true);
        }
        if (ZstdUtils.matches(signature, read)) {
            return new ZstdCompressorInputStream(in);
        }
        if (BZip2CompressorInputStream.matches(signature, read)) {
            return new BZip2CompressorInputStream(in, true);
        }
        return in;
    }

    private static int readFully(InputStream in, byte[] buf) throws IOException {
        int total = 0;
        while (total < buf.length) {
            int n = in.read(buf, total, buf.length - total);
            if (n < 0) {
                break;
            }
            total += n;
        }
        return total;
    }
}
