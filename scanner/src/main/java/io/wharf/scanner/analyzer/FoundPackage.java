package io.wharf.scanner.analyzer;

/**
 * A package an analyzer found in one file of one layer.
 *
 * @param name          package name ({@code groupId:artifactId} for Maven)
 * @param version       installed version
 * @param type          {@link #DPKG}, {@link #APK}, {@link #MAVEN}, {@link #NPM} or {@link #GO_BINARY}
 * @param sourceName    source package (dpkg Source, apk origin) or null
 * @param sourceVersion source package version when it differs from {@code version}, else null
 * @param location      file path, {@code !} separating nested archives
 * @param identifiedBy  how a Java archive's coordinates were found ({@link #BY_POM_PROPERTIES}, {@link #BY_MANIFEST},
 *                      {@link #BY_FILE_NAME}, {@link #BY_SHA1}); null for other packages, and for an archive known so
 *                      far only by its SHA-1 (then name and version are empty)
 * @param sha1          SHA-1 (lower-case hex) of a Java archive without {@code pom.properties}, looked up in the
 *                      SHA-1 index when the scan matches; null otherwise
 * @param attributes    facts beyond the version that matching or package URLs need, e.g. an rpm's {@code arch} and
 *                      {@code modularitylabel}; empty for most packages
 */
public record FoundPackage(String name, String version, String type, String sourceName, String sourceVersion,
                           String location, String identifiedBy, String sha1, java.util.Map<String, String> attributes) {
    public static final String DPKG = "dpkg";
    public static final String APK = "apk";
    public static final String MAVEN = "maven";
    public static final String NPM = "npm";
    /** Python packages (installed metadata and Python lock files); names PEP 503-normalised. */
    public static final String PYPI = "pypi";
    /** A Go module (or {@code stdlib}) compiled into a Go executable; the version as Go writes it, {@code v0.3.7}. */
    public static final String GO_BINARY = "gobinary";
    public static final String RPM = "rpm";
    /** Attribute: an rpm's architecture ({@code x86_64}, {@code noarch}). */
    public static final String ARCH = "arch";
    /** Attribute: an rpm's MODULARITYLABEL, {@code name:stream:version:context}. */
    public static final String MODULARITY_LABEL = "modularitylabel";

    public static final String BY_POM_PROPERTIES = "pom.properties";
    public static final String BY_MANIFEST = "manifest";
    public static final String BY_FILE_NAME = "file-name";
    public static final String BY_SHA1 = "sha1";

    public FoundPackage {
        attributes = attributes == null ? java.util.Map.of() : java.util.Map.copyOf(attributes);
    }

    /** A package found without a Java archive's identification details. */
    public FoundPackage(String name, String version, String type, String sourceName, String sourceVersion,
                        String location) {
        this(name, version, type, sourceName, sourceVersion, location, null, null, java.util.Map.of());
    }

    /** A Java archive's package, with how it was identified. */
    public FoundPackage(String name, String version, String type, String sourceName, String sourceVersion,
                        String location, String identifiedBy, String sha1) {
        this(name, version, type, sourceName, sourceVersion, location, identifiedBy, sha1, java.util.Map.of());
    }

    /** A package with further facts (an rpm's arch and module). */
    public FoundPackage(String name, String version, String type, String sourceName, String sourceVersion,
                        String location, java.util.Map<String, String> attributes) {
        this(name, version, type, sourceName, sourceVersion, location, null, null, attributes);
    }

    /** Whether only the SHA-1 of the archive is known so far (no coordinates until the index knows it). */
    public boolean onlySha1() {
        return name.isEmpty();
    }
}
