package io.wharf.scanner;

/**
 * A package found in the image.
 *
 * @param name          package name; Maven packages are {@code groupId:artifactId}, Python names PEP 503-normalised
 * @param version       installed version
 * @param type          how it was installed: {@code dpkg}, {@code apk}, {@code rpm}, {@code maven}, {@code npm}, {@code gobinary}, {@code pypi}
 * @param ecosystem     the OSV ecosystem it is matched in, e.g. {@code Debian:12}, {@code Alpine:v3.18}, {@code AlmaLinux:9}, {@code Maven}, {@code npm}, {@code Go}, {@code PyPI}
 * @param sourceName    source package (dpkg {@code Source:}, apk origin), or null
 * @param sourceVersion version of the source package, or null when it equals {@code version}
 * @param location      file it was read from (a lock file for a locked package), {@code !} separating nested archives
 * @param layerDigest   digest of the layer that added this version of the package
 * @param identifiedBy  how a Java archive was identified: {@code pom.properties}, {@code sha1} (the SHA-1 index),
 *                      {@code manifest} or {@code file-name}; null for other packages
 * @param attributes    further facts, e.g. an rpm's {@code arch} and {@code modularitylabel}; often empty
 */
public record InstalledPackage(String name, String version, String type, String ecosystem,
                               String sourceName, String sourceVersion, String location, String layerDigest,
                               String identifiedBy, java.util.Map<String, String> attributes) {
    public InstalledPackage {
        attributes = attributes == null ? java.util.Map.of() : java.util.Map.copyOf(attributes);
    }

    public InstalledPackage(String name, String version, String type, String ecosystem,
                            String sourceName, String sourceVersion, String location, String layerDigest,
                            String identifiedBy) {
        this(name, version, type, ecosystem, sourceName, sourceVersion, location, layerDigest, identifiedBy, java.util.Map.of());
    }

    public InstalledPackage(String name, String version, String type, String ecosystem, String sourceName,
                            String sourceVersion, String location, String layerDigest, java.util.Map<String, String> attributes) {
        this(name, version, type, ecosystem, sourceName, sourceVersion, location, layerDigest, null, attributes);
    }

    public InstalledPackage(String name, String version, String type, String ecosystem,
                            String sourceName, String sourceVersion, String location, String layerDigest) {
        this(name, version, type, ecosystem, sourceName, sourceVersion, location, layerDigest, null, java.util.Map.of());
    }
}
