package io.wharf.scan;

import io.wharf.scanner.Severity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;

/**
 * The latest scan of a manifest digest (Harbor's {@code img_scan_overview}): its status and its
 * severity counts, kept so that listings read one row instead of counting findings per request.
 */
@Entity
@Table(name = "img_scan_overview")
public class ScanOverview {
    @Id
    @Column(length = 100)
    private String digest;

    @Column(name = "job_id", nullable = false, length = 40)
    private String scanJobId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    private ScanStatus status;

    /** The most severe finding, null when none (or not scanned yet). */
    @Enumerated(EnumType.STRING)
    @Column(length = 16)
    private Severity severity;

    @Column(name = "total_count")
    private int total;
    @Column(name = "fixable_count")
    private int fixable;
    @Column(name = "critical_count")
    private int critical;
    @Column(name = "high_count")
    private int high;
    @Column(name = "medium_count")
    private int medium;
    @Column(name = "low_count")
    private int low;
    @Column(name = "unknown_count")
    private int unknown;

    @Column(name = "scanner_name", length = 128)
    private String scannerName;

    @Column(name = "scanner_vendor", length = 128)
    private String scannerVendor;

    @Column(name = "scanner_version", length = 64)
    private String scannerVersion;

    @Column(name = "start_time")
    private Instant startTime;

    @Column(name = "end_time")
    private Instant endTime;

    @Column(name = "update_time", nullable = false)
    private Instant updateTime;

    /** The vulnerability database generation the report was matched against (null before the first report). */
    @Column(name = "data_generation")
    private Long dataGeneration;

    /** When that data was last updated: the report is as fresh as this, not as its scan. */
    @Column(name = "data_updated_at")
    private Instant dataUpdatedAt;

    protected ScanOverview() { }

    ScanOverview(String digest, String scanJobId, Instant now) {
        this.digest = digest;
        restart(scanJobId, now);
    }

    /** A new scan of this digest: the old counts stay until the new report replaces them. */
    void restart(String scanJobId, Instant now) {
        this.scanJobId = scanJobId;
        this.status = ScanStatus.PENDING;
        this.startTime = null;
        this.endTime = null;
        this.updateTime = now;
    }

    void status(ScanStatus status, Instant now) {
        if (status == ScanStatus.RUNNING && startTime == null) startTime = now;
        if (status.isFinal()) endTime = now;
        this.status = status;
        this.updateTime = now;
    }

    void report(Map<Severity, Integer> counts, int fixable, Severity highest, String name, String vendor, String version, Instant now) {
        this.critical = counts.getOrDefault(Severity.CRITICAL, 0);
        this.high = counts.getOrDefault(Severity.HIGH, 0);
        this.medium = counts.getOrDefault(Severity.MEDIUM, 0);
        this.low = counts.getOrDefault(Severity.LOW, 0);
        this.unknown = counts.getOrDefault(Severity.UNKNOWN, 0);
        this.total = critical + high + medium + low + unknown;
        this.fixable = fixable;
        this.severity = highest;
        this.scannerName = name;
        this.scannerVendor = vendor;
        this.scannerVersion = version;
        status(ScanStatus.SUCCESS, now);
    }

    /** The data a report was matched against; a rematch after an update moves it on without a new scan. */
    void data(Long generation, Instant updatedAt) {
        this.dataGeneration = generation;
        this.dataUpdatedAt = updatedAt;
    }

    public Long getDataGeneration() { return dataGeneration; }
    public Instant getDataUpdatedAt() { return dataUpdatedAt; }
    public String getDigest() { return digest; }
    public String getScanJobId() { return scanJobId; }
    public ScanStatus getStatus() { return status; }
    public Severity getSeverity() { return severity; }
    public int getTotal() { return total; }
    public int getFixable() { return fixable; }
    public String getScannerName() { return scannerName; }
    public String getScannerVendor() { return scannerVendor; }
    public String getScannerVersion() { return scannerVersion; }
    public Instant getStartTime() { return startTime; }
    public Instant getEndTime() { return endTime; }
    public Instant getUpdateTime() { return updateTime; }

    /** Findings per severity, every severity present. */
    public Map<Severity, Integer> counts() {
        Map<Severity, Integer> counts = new EnumMap<>(Severity.class);
        counts.put(Severity.CRITICAL, critical);
        counts.put(Severity.HIGH, high);
        counts.put(Severity.MEDIUM, medium);
        counts.put(Severity.LOW, low);
        counts.put(Severity.UNKNOWN, unknown);
        return counts;
    }
}
