package io.wharf.scan.spi;

/** A scan could not be done; the message goes to the job log and the scan's status. */
public class ScanFailedException extends Exception {
    public ScanFailedException(String message) {
        super(message);
    }

    public ScanFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
