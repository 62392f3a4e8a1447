package io.wharf.web.openapi;

import jakarta.ws.rs.NotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The OpenAPI document and the UI's files, read from the class path once and kept in memory: they
 * never change while Wharf runs. Swagger UI's files come from its webjar, whose version is read
 * from the webjar's own Maven properties (the pinned version in the POM is the one place it is named).
 */
final class UiFiles {
    record File(byte[] bytes, String contentType, String etag) {}

    private static final String WEBJAR_PROPERTIES = "META-INF/maven/org.webjars/swagger-ui/pom.properties";
    private static final Map<String, File> CACHE = new ConcurrentHashMap<>();
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "png", "image/png");

    private UiFiles() {}

    /** The document written at build time next to this class, or a 404 when the build wrote none. */
    static File document(String name, String contentType) {
        File f = load("doc:" + name, "io/wharf/web/openapi/" + name, contentType);
        if (f == null) throw new NotFoundException();
        return f;
    }

    static File page() {
        File f = load("page", "io/wharf/web/openapi/ui.html", TYPES.get("html"));
        if (f == null) throw new NotFoundException();
        return f;
    }

    /** One of the UI's scripts, styles or icons, or null. Wharf's own starter script sits next to the page. */
    static File asset(String name) {
        String type = TYPES.getOrDefault(name.substring(name.lastIndexOf('.') + 1), "application/octet-stream");
        if (name.startsWith("wharf-")) return load("asset:" + name, "io/wharf/web/openapi/" + name, type);
        String version = webjarVersion();
        if (version == null) return null;
        return load("asset:" + name, "META-INF/resources/webjars/swagger-ui/" + version + "/" + name, type);
    }

    private static String webjarVersion() {
        try (InputStream in = loader().getResourceAsStream(WEBJAR_PROPERTIES)) {
            if (in == null) return null;
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static File load(String key, String resource, String contentType) {
        File cached = CACHE.get(key);
        if (cached != null) return cached;
        try (InputStream in = loader().getResourceAsStream(resource)) {
            if (in == null) return null;
            byte[] bytes = in.readAllBytes();
            File file = new File(bytes, contentType, sha256(bytes).substring(0, 32));
            CACHE.put(key, file);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ClassLoader loader() {
        return UiFiles.class.getClassLoader();
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
