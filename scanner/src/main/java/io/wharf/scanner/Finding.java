package io.wharf.scanner;

import java.util.List;

/**
 * One vulnerability affecting one installed package.
 *
 * @param vulnerabilityId id of the vulnerability (CVE, GHSA, ...)
 * @param aliases         other ids of the same vulnerability (CVE ids for GHSA records, DSA ids for Debian ones)
 * @param packageName     affected package as installed
 * @param ecosystem       the ecosystem it was matched in, e.g. {@code Debian:12}
 * @param installedVersion version found in the image
 * @param fixedVersion    first version that fixes it in that ecosystem, or null when no fix is available
 * @param severity        severity from the record
 * @param description     summary or description from the record (may be empty)
 * @param links           reference URLs
 * @param layerDigest     layer that added the package
 */
public record Finding(String vulnerabilityId, List<String> aliases, String packageName, String ecosystem,
                      String installedVersion, String fixedVersion, Severity severity, String description,
                      List<String> links, String layerDigest) {
    public Finding {
        aliases = List.copyOf(aliases);
        links = List.copyOf(links);
    }
}
