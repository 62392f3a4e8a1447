package io.wharf.scanner.analyzer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The distribution release, from {@code etc/os-release} (or {@code usr/lib/os-release}) and
 * {@code etc/alpine-release}. Names follow OSV ecosystems: {@code Debian:12}, {@code Ubuntu:22.04},
 * {@code Alpine:v3.18}.
 */
public final class OsReleaseAnalyzer implements Analyzer {
    public static final String OS_RELEASE = "etc/os-release";
    public static final String USR_OS_RELEASE = "usr/lib/os-release";
    public static final String ALPINE_RELEASE = "etc/alpine-release";
    private static final int CAP = 64 * 1024;

    @Override
    public boolean accepts(String path) {
        return path.equals(OS_RELEASE) || path.equals(USR_OS_RELEASE) || path.equals(ALPINE_RELEASE);
    }

    @Override
    public FileFacts analyze(String path, InputStream content, long size) throws IOException {
        byte[] bytes = SmallFile.read(content, size, CAP);
        if (bytes == null) {
            return FileFacts.NOTHING;
        }
        String text = new String(bytes, StandardCharsets.UTF_8);
        OsRelease release = path.equals(ALPINE_RELEASE) ? alpine(text.trim()) : fromOsRelease(text);
        return new FileFacts(java.util.List.of(), release);
    }

    /** "3.18.4" → v3.18; pre-releases of the next version ("3.19_alpha20230901") are edge. */
    static OsRelease alpine(String version) {
        if (version.isEmpty()) {
            return null;
        }
        if (version.contains("_alpha") || version.contains("edge")) {
            return new OsRelease("Alpine", "edge", null);
        }
        String[] parts = version.split("\\.");
        String branch = parts.length >= 2 ? "v" + parts[0] + "." + parts[1] : "v" + parts[0];
        return new OsRelease("Alpine", branch, null);
    }

    static OsRelease fromOsRelease(String text) {
        Map<String, String> fields = new HashMap<>();
        for (String line : text.split("\\R")) {
            int eq = line.indexOf('=');
            if (eq <= 0 || line.startsWith("#")) {
                continue;
            }
            String value = line.substring(eq + 1).trim();
            if (value.length() >= 2 && (value.startsWith("\"") || value.startsWith("'"))) {
                value = value.substring(1, value.length() - 1);
            }
            fields.put(line.substring(0, eq).trim(), value);
        }
        String id = fields.get("ID");
        if (id == null || id.isEmpty()) {
            return null;
        }
        String versionId = fields.get("VERSION_ID");
        String codename = fields.get("VERSION_CODENAME");
        return switch (id.toLowerCase(Locale.ROOT)) {
            case "debian" -> new OsRelease("Debian",
                    versionId != null ? versionId.split("\\.")[0] : debianVersionOf(codename), codename);
            case "ubuntu" -> new OsRelease("Ubuntu", versionId, codename);
            case "alpine" -> versionId == null ? null : alpine(versionId);
            default -> new OsRelease(id, versionId, codename);
        };
    }

    /** Testing/unstable images have no VERSION_ID; use the code name's number when Debian has assigned one. */
    private static String debianVersionOf(String codename) {
        if (codename == null) {
            return null;
        }
        String number = OsRelease.debianNumberOf(codename);
        return number != null ? number : codename;
    }
}
