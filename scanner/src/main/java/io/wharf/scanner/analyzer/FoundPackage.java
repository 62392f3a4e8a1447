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
 * @param attributes    facts beyond the version that matching or package URLs need, e.g. an rpm's {@code arch} and
 *                      {@code modularitylabel}; empty for most packages
 */
public record FoundPackage(String name, String version, String type, String sourceName, String sourceVersion,
                           String location, java.util.Map<String, String> attributes) {
    public static final String DPKG = "dpkg";
    public static final String APK = "apk";
    public static final String MAVEN = "maven";
    public static final String NPM = "npm";
    public static final String RPM = "rpm";
    /** Attribute: an rpm's architecture ({@code x86_64}, {@code noarch}). */
    public static final String ARCH = "arch";
    /** Attribute: an rpm's MODULARITYLABEL, {@code name:stream:version:context}. */
    public static final String MODULARITY_LABEL = "modularitylabel";

    public FoundPackage {
        attributes = attributes == null ? java.util.Map.of() : java.util.Map.copyOf(attributes);
    }

    public FoundPackage(String name, String version, String type, String sourceName, String sourceVersion,
                        String location) {
        this(name, version, type, sourceName, sourceVersion, location, java.util.Map.of());
    }
}
