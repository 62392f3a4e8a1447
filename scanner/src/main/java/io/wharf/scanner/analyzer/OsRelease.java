package io.wharf.scanner.analyzer;

import java.util.Map;

/**
 * The distribution an image is built on.
 *
 * @param family   OSV ecosystem name of the distribution: {@code Debian}, {@code Ubuntu}, {@code Alpine}, ...
 * @param version  release as OSV names it: {@code 12}, {@code 22.04}, {@code v3.18}
 * @param codename release code name when known ({@code bookworm}), else null
 */
public record OsRelease(String family, String version, String codename) {
    /** Debian release numbers and code names; the security tracker uses code names, os-release numbers. */
    private static final Map<String, String> DEBIAN_CODENAMES = Map.of(
            "7", "wheezy", "8", "jessie", "9", "stretch", "10", "buster", "11", "bullseye",
            "12", "bookworm", "13", "trixie", "14", "forky", "15", "duke");

    /** Distributions whose packages are rpms, by the family names {@link OsReleaseAnalyzer} gives them. */
    private static final java.util.Set<String> RPM_FAMILIES = java.util.Set.of("AlmaLinux", "Rocky Linux", "Red Hat",
            "CentOS", "Fedora", "Amazon Linux", "Oracle Linux", "SUSE", "openSUSE");

    /** Whether the distribution installs rpm packages (so rpm database entries belong to its ecosystem). */
    public boolean rpmBased() {
        return RPM_FAMILIES.contains(family);
    }

    /** The OSV ecosystem string, e.g. {@code Debian:12}. */
    public String ecosystem() {
        return version == null || version.isEmpty() ? family : family + ":" + version;
    }

    /** The code name, falling back to Debian's table when os-release did not give one. */
    public String codenameOrGuess() {
        if (codename != null && !codename.isEmpty()) {
            return codename;
        }
        return "Debian".equals(family) ? DEBIAN_CODENAMES.get(version) : null;
    }

    /** The release number of a Debian code name, or null. */
    public static String debianNumberOf(String codename) {
        return DEBIAN_CODENAMES.entrySet().stream().filter(e -> e.getValue().equals(codename))
                .map(Map.Entry::getKey).findFirst().orElse(null);
    }
}
