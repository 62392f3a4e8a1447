package io.wharf.scanner.analyzer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/** Reads small files into memory with a hard cap, which is what keeps a layer scan's memory bounded. */
public final class SmallFile {
    /** Cap for metadata files (pom.properties, package.json, os-release, MANIFEST.MF). */
    public static final int DEFAULT_CAP = 1 << 20;

    private SmallFile() {
    }

    /** The bytes of the stream, or null when it is larger than {@code cap} (the rest is left unread). */
    public static byte[] read(InputStream in, long declaredSize, int cap) throws IOException {
        if (declaredSize > cap) {
            return null;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(declaredSize > 0 ? (int) declaredSize : 8192);
        byte[] buf = new byte[8192];
        int n;
        while ((n = in.read(buf)) > 0) {
            if (out.size() + n > cap) {
                return null;
            }
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }
}
