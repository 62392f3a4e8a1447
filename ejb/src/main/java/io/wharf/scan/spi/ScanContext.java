package io.wharf.scan.spi;

import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * What a scanner may use while it works.
 *
 * @param log           writes a line to the scan job's log (no credentials)
 * @param stopRequested true once the job was asked to stop; long polls should give up then
 */
public record ScanContext(Consumer<String> log, BooleanSupplier stopRequested) {
    public static ScanContext quiet() {
        return new ScanContext(line -> { }, () -> false);
    }
}
