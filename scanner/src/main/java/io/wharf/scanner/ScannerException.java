package io.wharf.scanner;

/** A failure of the scanner's database (wraps the SQLException) or of an image that cannot be read at all. */
public class ScannerException extends RuntimeException {
    public ScannerException(String message, Throwable cause) {
        super(message, cause);
    }

    public ScannerException(String message) {
        super(message);
    }
}
