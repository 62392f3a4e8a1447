package io.wharf.web.scan;

import io.wharf.sbom.SbomReport;
import io.wharf.scan.EmbeddedImageScanner;
import java.time.Duration;
import java.time.Instant;

/** SBOM generations in Harbor's {@code SBOMOverview} shape. */
public final class SbomViews {
    private SbomViews() { }

    public record OverviewView(Instant startTime, Instant endTime, String scanStatus, String sbomDigest, String reportId,
                               Long duration, ScanViews.ScannerView scanner) {}

    public static OverviewView overview(SbomReport r) {
        Long duration = r.getStartTime() != null && r.getEndTime() != null
                ? Duration.between(r.getStartTime(), r.getEndTime()).toSeconds() : null;
        var info = EmbeddedImageScanner.INFO;
        return new OverviewView(r.getStartTime(), r.getEndTime(), r.getStatus().wire(), r.getSbomDigest(), r.getId(), duration,
                new ScanViews.ScannerView(info.name(), info.vendor(), info.version()));
    }
}
