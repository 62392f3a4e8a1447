package io.wharf.scanner;

import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Result of scanning one image.
 *
 * @param osRelease release the OS packages were matched in ({@code Debian:12}, {@code Alpine:v3.18}), or null
 * @param packages  package inventory of the image (after whiteouts)
 * @param findings  vulnerabilities, most severe first
 * @param dataGeneration the vulnerability data generation matched against (0: the database was empty)
 * @param dataUpdatedAt  when the oldest source of that data was last fetched successfully; null when the database
 *                       held no record, which makes the report worthless (see {@link #databaseEmpty()})
 */
public record ScanReport(String osRelease, List<InstalledPackage> packages, List<Finding> findings, long dataGeneration,
                         java.time.Instant dataUpdatedAt) {
    public ScanReport {
        packages = List.copyOf(packages);
        findings = List.copyOf(findings);
    }

    public ScanReport(String osRelease, List<InstalledPackage> packages, List<Finding> findings) {
        this(osRelease, packages, findings, 0, null);
    }

    /** Whether the scan ran against an empty vulnerability database: "no findings" then means nothing. */
    public boolean databaseEmpty() {
        return dataUpdatedAt == null;
    }

    /** Number of findings per severity; every severity is present, zero when none. */
    public Map<Severity, Integer> severitySummary() {
        Map<Severity, Integer> counts = new EnumMap<>(Severity.class);
        for (Severity s : Severity.values()) {
            counts.put(s, 0);
        }
        for (Finding f : findings) {
            counts.merge(f.severity(), 1, Integer::sum);
        }
        return Collections.unmodifiableMap(counts);
    }

    /** The most severe finding's severity, or null when there are no findings. */
    public Severity highestSeverity() {
        return findings.stream().map(Finding::severity).min(Enum::compareTo).orElse(null);
    }
}
