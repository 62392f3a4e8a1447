package io.wharf.scan;

import java.util.Arrays;
import java.util.Optional;

/** Where a scan stands, spelled as Harbor's scan overview spells it (the job service's words). */
public enum ScanStatus {
    PENDING("Pending"), SCHEDULED("Scheduled"), RUNNING("Running"), SUCCESS("Success"), ERROR("Error"), STOPPED("Stopped");

    private final String wire;

    ScanStatus(String wire) { this.wire = wire; }

    public String wire() { return wire; }

    public boolean isFinal() { return this == SUCCESS || this == ERROR || this == STOPPED; }

    public static Optional<ScanStatus> ofWire(String text) {
        return Arrays.stream(values()).filter(s -> s.wire.equalsIgnoreCase(text)).findFirst();
    }
}
