package io.wharf.web.scan;

import io.wharf.scan.ScanOverview;
import io.wharf.scan.ScanService;
import io.wharf.scan.ScanVulnerability;
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
                                    String description, List<String> links, List<String> aliases, String layer) {}

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

    private static VulnerabilityView vulnerability(ScanVulnerability v) {
        return new VulnerabilityView(v.getVulnerabilityId(), v.getPackageName(), v.getVersion(), v.getFixVersion(),
                v.getSeverity().label(), v.getDescription(), v.getLinks(), v.getAliases(), v.getLayerDigest());
    }

    /** Harbor says None for a report without findings and Unknown before any report. */
    private static String severity(ScanOverview o) {
        if (o.getScannerName() == null) return Severity.UNKNOWN.label();
        return o.getSeverity() == null ? "None" : o.getSeverity().label();
    }
}
