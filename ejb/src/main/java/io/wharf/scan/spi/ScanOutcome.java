package io.wharf.scan.spi;

import io.wharf.scanner.Finding;
import java.util.List;

/** A scanner's findings for one image, with who found them. */
public record ScanOutcome(ScannerInfo scanner, List<Finding> findings) {
    public ScanOutcome {
        findings = List.copyOf(findings);
    }
}
