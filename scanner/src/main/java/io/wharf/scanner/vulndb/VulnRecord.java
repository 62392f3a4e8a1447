package io.wharf.scanner.vulndb;

import io.wharf.scanner.Cvss;
import io.wharf.scanner.Severity;
import java.util.List;

/**
 * A vulnerability as one source describes it (the text of a finding).
 *
 * @param source     {@code osv}, {@code alpine} or {@code debian}
 * @param id         vulnerability id in that source
 * @param cvssVector CVSS v3 vector the severity was computed from, or null
 * @param cvssScore  its base score, or null
 * @param cvssVersion version of that vector ({@code 3.1}, {@code 2.0}, ...), or null
 * @param cweIds     CWE ids of the weakness ({@code CWE-79}), NVD records only
 * @param cvss       every CVSS metric of the record, most preferred first (NVD records: one per version)
 */
public record VulnRecord(String source, String id, String summary, String details, Severity severity,
                         String cvssVector, Double cvssScore, List<String> aliases, List<String> references,
                         String modified, String cvssVersion, List<String> cweIds, List<Cvss> cvss) {
    public VulnRecord {
        aliases = List.copyOf(aliases);
        references = List.copyOf(references);
        cweIds = cweIds == null ? List.of() : List.copyOf(cweIds);
        cvss = cvss == null ? List.of() : List.copyOf(cvss);
    }

    /** A record without CWE ids and with at most the one CVSS vector (a v3.x one when it has a vector). */
    public VulnRecord(String source, String id, String summary, String details, Severity severity,
                      String cvssVector, Double cvssScore, List<String> aliases, List<String> references,
                      String modified) {
        this(source, id, summary, details, severity, cvssVector, cvssScore, aliases, references, modified,
                cvssVector != null && cvssVector.startsWith("CVSS:3.") ? cvssVector.substring(5, 8) : null, List.of(),
                List.of());
    }
}
