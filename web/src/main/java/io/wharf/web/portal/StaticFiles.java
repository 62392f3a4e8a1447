package io.wharf.web.portal;

import jakarta.servlet.ServletContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The portal's files from the WAR, kept in memory once read: they are small and never change while Wharf runs. */
final class StaticFiles {
    private static final Map<String, StaticFile> CACHE = new ConcurrentHashMap<>();
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml");

    private StaticFiles() {}

    /** The file under the WAR's portal/ folder, or null when there is none. */
    static StaticFile load(ServletContext servlet, String name) {
        StaticFile cached = CACHE.get(name);
        if (cached != null) return cached;
        try (InputStream in = servlet.getResourceAsStream("/portal/" + name)) {
            if (in == null) return null;
            byte[] bytes = in.readAllBytes();
            String type = TYPES.getOrDefault(name.substring(name.lastIndexOf('.') + 1), "application/octet-stream");
            StaticFile file = new StaticFile(bytes, type, sha256(bytes).substring(0, 32));
            CACHE.put(name, file);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
