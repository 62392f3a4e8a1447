package io.wharf.scanner.vulndb;

import io.wharf.scanner.Severity;
import java.util.List;

/**
 * A vulnerability as one source describes it (the text of a finding).
 *
 * @param source     {@code osv}, {@code alpine} or {@code debian}
 * @param id         vulnerability id in that source
 * @param cvssVector CVSS v3 vector the severity was computed from, or null
 * @param cvssScore  its base score, or null
 */
public record VulnRecord(String source, String id, String summary, String details, Severity severity,
                         String cvssVector, Double cvssScore, List<String> aliases, List<String> references,
                         String modified) {
    public VulnRecord {
        aliases = List.copyOf(aliases);
        references = List.copyOf(references);
    }
}
