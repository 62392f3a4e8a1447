package io.wharf.scan.spi;

/**
 * A scanner the scan job can use. {@code scanner.type} (embedded, clair, adapter) picks one per
 * installation. Implementations are CDI beans and must be thread-safe: every scan job shares one.
 */
public interface ImageScanner {
    /** The configuration name: {@code embedded}, {@code clair} or {@code adapter}. */
    String type();

    /** Name, vendor and version as shown in reports; may call the scanner (adapter metadata). */
    ScannerInfo info() throws ScanFailedException;

    /**
     * Scans one single-platform image.
     *
     * @throws ScanFailedException saying why, in words fit for the job log (never a credential)
     */
    ScanOutcome scan(ScanTarget target, ScanContext context) throws ScanFailedException;
}
