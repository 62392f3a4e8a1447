package io.wharf.scanner;

/**
 * A package found in the image.
 *
 * @param name          package name; Maven packages are {@code groupId:artifactId}, Python names PEP 503-normalised
 * @param version       installed version
 * @param type          how it was installed: {@code dpkg}, {@code apk}, {@code maven}, {@code npm}, {@code pypi}
 * @param ecosystem     the OSV ecosystem it is matched in, e.g. {@code Debian:12}, {@code Alpine:v3.18}, {@code Maven}, {@code npm}
 * @param sourceName    source package (dpkg {@code Source:}, apk origin), or null
 * @param sourceVersion version of the source package, or null when it equals {@code version}
 * @param location      file it was read from (a lock file for a locked package), {@code !} separating nested archives
 * @param layerDigest   digest of the layer that added this version of the package
 */
public record InstalledPackage(String name, String version, String type, String ecosystem,
                               String sourceName, String sourceVersion, String location, String layerDigest) {
}
