package io.wharf.scanner.analyzer;

/**
 * A package an analyzer found in one file of one layer.
 *
 * @param name          package name ({@code groupId:artifactId} for Maven)
 * @param version       installed version
 * @param type          {@link #DPKG}, {@link #APK}, {@link #MAVEN} or {@link #NPM}
 * @param sourceName    source package (dpkg Source, apk origin) or null
 * @param sourceVersion source package version when it differs from {@code version}, else null
 * @param location      file path, {@code !} separating nested archives
 */
public record FoundPackage(String name, String version, String type, String sourceName, String sourceVersion,
                           String location) {
    public static final String DPKG = "dpkg";
    public static final String APK = "apk";
    public static final String MAVEN = "maven";
    public static final String NPM = "npm";
    /** Python packages (installed metadata and Python lock files); names PEP 503-normalised. */
    public static final String PYPI = "pypi";
}
