package io.wharf.scanner.cli;

/** Wrong command-line arguments: printed as one line, exit code 2. */
final class UsageException extends Exception {
    UsageException(String message) {
        super(message);
    }
}
