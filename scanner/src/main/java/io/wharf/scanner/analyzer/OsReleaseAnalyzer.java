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
 * {@code Alpine:v3.18}, {@code AlmaLinux:9}, {@code Rocky Linux:9}, {@code Red Hat:9} (UBI/RHEL; Red Hat's records
 * say {@code Red Hat:enterprise_linux:9::baseos}, matched by major release), {@code SUSE:Linux Enterprise Server 15 SP5}.
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
            case "almalinux" -> new OsRelease("AlmaLinux", major(versionId), null);
            case "rocky" -> new OsRelease("Rocky Linux", major(versionId), null);
            case "rhel" -> new OsRelease("Red Hat", major(versionId), null);
            case "centos" -> new OsRelease("CentOS", major(versionId), null);
            case "ol" -> new OsRelease("Oracle Linux", major(versionId), null);
            case "fedora" -> new OsRelease("Fedora", versionId, null);
            case "amzn" -> new OsRelease("Amazon Linux", versionId, null);
            case "sles", "sled", "sle-micro" -> new OsRelease("SUSE", suseRelease("Linux Enterprise Server ", versionId), null);
            case "opensuse-leap" -> new OsRelease("openSUSE", versionId == null ? null : "Leap " + versionId, null);
            case "opensuse-tumbleweed" -> new OsRelease("openSUSE", "Tumbleweed", null);
            default -> new OsRelease(id, versionId, codename);
        };
    }

    /** RHEL and its rebuilds name releases by major version in OSV ({@code AlmaLinux:9}); os-release says 9.3. */
    private static String major(String versionId) {
        return versionId == null ? null : versionId.split("\\.")[0];
    }

    /** SUSE's OSV ecosystems spell service packs out: VERSION_ID 15.5 → {@code Linux Enterprise Server 15 SP5}. */
    private static String suseRelease(String product, String versionId) {
        if (versionId == null) {
            return null;
        }
        String[] parts = versionId.split("\\.");
        return product + parts[0] + (parts.length > 1 && !parts[1].equals("0") ? " SP" + parts[1] : "");
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
