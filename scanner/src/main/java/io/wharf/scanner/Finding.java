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
 * @param preferredCvss   the CVSS rating shown for it (the NVD's, else the advisory's), or null
 * @param cweIds          CWE ids of the weakness ({@code CWE-787}), from the NVD
 * @param severitySource  who rated {@code severity}: {@code debian}, {@code ubuntu}, {@code nvd}, {@code ghsa}, ...;
 *                        null when nobody did (severity Unknown)
 * @param cvss            every CVSS rating known for it (the NVD's per version, then the advisory's)
 */
public record Finding(String vulnerabilityId, List<String> aliases, String packageName, String ecosystem,
                      String installedVersion, String fixedVersion, Severity severity, String description,
                      List<String> links, String layerDigest, Cvss preferredCvss, List<String> cweIds,
                      String severitySource, List<Cvss> cvss) {
    public Finding {
        aliases = List.copyOf(aliases);
        links = List.copyOf(links);
        cweIds = cweIds == null ? List.of() : List.copyOf(cweIds);
        cvss = cvss == null ? List.of() : List.copyOf(cvss);
    }

    /** A finding rated only by its severity (no CVSS, CWE or rating source known). */
    public Finding(String vulnerabilityId, List<String> aliases, String packageName, String ecosystem,
                   String installedVersion, String fixedVersion, Severity severity, String description,
                   List<String> links, String layerDigest) {
        this(vulnerabilityId, aliases, packageName, ecosystem, installedVersion, fixedVersion, severity, description,
                links, layerDigest, null, List.of(), null, List.of());
    }
}
