package io.wharf.metrics;

import java.util.Map;

/**
 * What the database holds, counted once per refresh for {@code /metrics} (never per request or per scrape).
 *
 * @param projects    per project name
 * @param jobs        job records per (type, status)
 * @param scans       scan overviews per (status, scanner)
 * @param queueDepth  job ids waiting in the shared queue; -1 when Redis did not answer
 * @param vulnDbAgeSeconds age of the vulnerability data; -1 when it has none
 * @param vulnDbGeneration the data generation scans are matched against now
 */
public record RegistryCounts(Map<String, ProjectCounts> projects, Map<Pair, Long> jobs, Map<Pair, Long> scans,
                             long queueDepth, long vulnDbAgeSeconds, long vulnDbGeneration) {

    /** One project's figures, as Harbor's exporter reports them. */
    public record ProjectCounts(boolean publicProject, long repositories, long members, long pulls, long storedBytes) {}

    /** Two label values (job type and status; scan status and scanner). */
    public record Pair(String first, String second) {}

    public static RegistryCounts none() {
        return new RegistryCounts(Map.of(), Map.of(), Map.of(), -1, -1, 0);
    }
}
