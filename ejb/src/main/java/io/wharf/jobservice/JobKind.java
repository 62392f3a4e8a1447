package io.wharf.jobservice;

import java.util.Arrays;
import java.util.Optional;

/** Run once now, once after a delay, or on a cron schedule. */
public enum JobKind {
    GENERIC("Generic"), SCHEDULED("Scheduled"), PERIODIC("Periodic");

    private final String wire;

    JobKind(String wire) { this.wire = wire; }

    public String wire() { return wire; }

    public static Optional<JobKind> of(String wire) {
        return Arrays.stream(values()).filter(k -> k.wire.equals(wire)).findFirst();
    }
}
