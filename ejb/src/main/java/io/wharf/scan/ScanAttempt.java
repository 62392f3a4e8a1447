package io.wharf.scan;

import io.wharf.scan.spi.ScannerInfo;
import io.wharf.scanner.Finding;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What one attempt of a scan carries from step to step ({@link ImageScanSteps}): what it scans, what each step
 * found, and where it reports. The image-scan batch job's execution is one kind; a scan whose steps run in the
 * job service's worker is another. Both run the same step code.
 */
public abstract class ScanAttempt {
    public final String repository;
    public final String reference;
    public String scanJobId;
    public String digest;
    public String authorization;
    public List<ImageManifests.PlatformManifest> manifests = List.of();
    public List<ImageManifests.PlatformImage> images = List.of();
    public final List<Finding> findings = new ArrayList<>();
    public ScannerInfo scanner;
    /** The vulnerability data the findings were matched against (embedded scanner only). */
    public Long dataGeneration;
    public Instant dataUpdatedAt;
    /** Why a step failed ({@code step: reason}); null while none did. */
    public String failure;
    /** The report was saved: the scan ended Success. */
    public boolean persisted;

    protected ScanAttempt(String repository, String reference, String scanJobId) {
        this.repository = repository;
        this.reference = reference;
        this.scanJobId = scanJobId;
    }

    /** Whether the scan should stop (a user's stop, the time limit); looked at between steps and by the scanner. */
    public abstract boolean stopRequested();

    public abstract void info(String message);

    public abstract void error(String message);

    /** Reports progress (the step's name): logged, and a Running change of the job. */
    public abstract void checkIn(String message);
}
