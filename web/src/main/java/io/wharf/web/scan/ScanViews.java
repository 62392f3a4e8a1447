package io.wharf.web.scan;

import io.wharf.scan.ScanOverview;
import io.wharf.scan.ScanService;
import io.wharf.scan.ScanVulnerability;
import io.wharf.scanner.Cvss;
import io.wharf.scanner.Severity;
import jakarta.json.bind.annotation.JsonbProperty;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Scan results in Harbor's shapes, keyed by the report's MIME type as Harbor keys them. */
public final class ScanViews {
    public static final String REPORT_MIME = "application/vnd.security.vulnerability.report; version=1.1";

    public record ScannerView(String name, String vendor, String version) {}

    public record SummaryView(int total, int fixable, Map<String, Integer> summary) {}

    /**
     * Harbor's overview, plus the vulnerability data the report was matched against (generation,
     * when it was updated) and warnings a user must read (data older than vulndb.max_age).
     */
    public record OverviewView(String reportId, String scanStatus, String severity, Instant startTime, Instant endTime,
                               Long duration, int completePercent, ScannerView scanner, SummaryView summary,
                               Long dataGeneration, Instant dataUpdatedAt, List<String> warnings) {}

    public record VulnerabilityView(String id, @JsonbProperty("package") String pkg, String version, String fixVersion, String severity,
                                    String description, List<String> links, List<String> aliases, String layer,
                                    PreferredCvssView preferredCvss, List<String> cweIds,
                                    Map<String, Object> vendorAttributes, String severitySource) {}

    /**
     * Harbor's {@code preferred_cvss} ({@code score_v3}, {@code score_v2}, {@code vector_v3}, {@code vector_v2}), plus the
     * preferred rating's own {@code version}, {@code vector}, {@code score} and {@code source} (nvd, ghsa, ...).
     */
    public record PreferredCvssView(Double scoreV3, Double scoreV2, String vectorV3, String vectorV2, String version,
                                    String vector, Double score, String source) {}

    public record ReportView(Instant generatedAt, ScannerView scanner, String severity, List<VulnerabilityView> vulnerabilities,
                             Long dataGeneration, Instant dataUpdatedAt, List<String> warnings) {}

    private ScanViews() { }

    public static Map<String, OverviewView> overview(ScanOverview o) {
        return overview(o, List.of());
    }

    public static Map<String, OverviewView> overview(ScanOverview o, List<String> warnings) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        o.counts().forEach((s, n) -> { if (n > 0) counts.put(s.label(), n); });
        Long duration = o.getStartTime() != null && o.getEndTime() != null
                ? o.getEndTime().getEpochSecond() - o.getStartTime().getEpochSecond() : null;
        ScannerView scanner = o.getScannerName() == null ? null : new ScannerView(o.getScannerName(), o.getScannerVendor(), o.getScannerVersion());
        SummaryView summary = o.getScannerName() == null ? null : new SummaryView(o.getTotal(), o.getFixable(), counts);
        return Map.of(REPORT_MIME, new OverviewView(o.getScanJobId(), o.getStatus().wire(), severity(o),
                o.getStartTime(), o.getEndTime(), duration, o.getStatus().isFinal() ? 100 : 0, scanner, summary,
                o.getDataGeneration(), o.getDataUpdatedAt(), warnings));
    }

    public static Map<String, ReportView> report(ScanService.Report report) {
        return report(report, List.of());
    }

    public static Map<String, ReportView> report(ScanService.Report report, List<String> warnings) {
        ScanOverview o = report.overview();
        List<VulnerabilityView> vulnerabilities = report.vulnerabilities().stream().map(ScanViews::vulnerability).toList();
        return Map.of(REPORT_MIME, new ReportView(o.getEndTime() == null ? o.getUpdateTime() : o.getEndTime(),
                new ScannerView(o.getScannerName(), o.getScannerVendor(), o.getScannerVersion()), severity(o), vulnerabilities,
                o.getDataGeneration(), o.getDataUpdatedAt(), warnings));
    }

    static VulnerabilityView vulnerability(ScanVulnerability v) {
        Cvss preferred = v.getPreferredCvss();
        List<Cvss> all = v.getCvss();
        Cvss v3 = preferred != null && preferred.isV3() ? preferred : first(all, null, true);
        Cvss v2 = preferred != null && preferred.isV2() ? preferred : first(all, null, false);
        PreferredCvssView cvss = preferred == null && v3 == null && v2 == null ? null : new PreferredCvssView(
                v3 == null ? null : v3.score(), v2 == null ? null : v2.score(), v3 == null ? null : v3.vector(),
                v2 == null ? null : v2.vector(), preferred == null ? null : preferred.version(),
                preferred == null ? null : preferred.vector(), preferred == null ? null : preferred.score(),
                preferred == null ? null : preferred.source());
        return new VulnerabilityView(v.getVulnerabilityId(), v.getPackageName(), v.getVersion(), v.getFixVersion(),
                v.getSeverity().label(), v.getDescription(), v.getLinks(), v.getAliases(), v.getLayerDigest(),
                cvss, v.getCweIds(), vendorAttributes(all), v.getSeveritySource());
    }

    /** Harbor's {@code vendor_attributes: {CVSS: {nvd: {V3Score, V3Vector, V2Score, V2Vector}}}}, when the NVD rates it. */
    private static Map<String, Object> vendorAttributes(List<Cvss> all) {
        Cvss nvd3 = first(all, "nvd", true);
        Cvss nvd2 = first(all, "nvd", false);
        if (nvd3 == null && nvd2 == null) return null;
        Map<String, Object> nvd = new LinkedHashMap<>();
        if (nvd3 != null) {
            if (nvd3.score() != null) nvd.put("V3Score", nvd3.score());
            if (nvd3.vector() != null) nvd.put("V3Vector", nvd3.vector());
        }
        if (nvd2 != null) {
            if (nvd2.score() != null) nvd.put("V2Score", nvd2.score());
            if (nvd2.vector() != null) nvd.put("V2Vector", nvd2.vector());
        }
        return Map.of("CVSS", Map.of("nvd", nvd));
    }

    private static Cvss first(List<Cvss> all, String source, boolean v3) {
        for (Cvss c : all) {
            if ((source == null || source.equals(c.source())) && (v3 ? c.isV3() : c.isV2())) return c;
        }
        return null;
    }

    /** Harbor says None for a report without findings and Unknown before any report. */
    private static String severity(ScanOverview o) {
        if (o.getScannerName() == null) return Severity.UNKNOWN.label();
        return o.getSeverity() == null ? "None" : o.getSeverity().label();
    }
}
