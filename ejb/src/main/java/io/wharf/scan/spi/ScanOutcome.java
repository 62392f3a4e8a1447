package io.wharf.scan.spi;

import io.wharf.scanner.Finding;
import java.time.Instant;
import java.util.List;

/**
 * A scanner's findings for one image, with who found them and, for the embedded scanner, which
 * generation of its vulnerability data they were matched against and when that data was updated
 * (both null for scanners that do not say).
 */
public record ScanOutcome(ScannerInfo scanner, List<Finding> findings, Long dataGeneration, Instant dataUpdatedAt) {
    public ScanOutcome {
        findings = List.copyOf(findings);
    }

    public ScanOutcome(ScannerInfo scanner, List<Finding> findings) {
        this(scanner, findings, null, null);
    }
}
