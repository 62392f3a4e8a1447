package io.wharf.jobservice;

/** A job's state, spelled as Harbor's job service spells it. */
public enum JobStatus {
    PENDING("Pending"), SCHEDULED("Scheduled"), RUNNING("Running"), SUCCESS("Success"), ERROR("Error"), STOPPED("Stopped");

    private final String wire;

    JobStatus(String wire) { this.wire = wire; }

    public String wire() { return wire; }

    public boolean isFinal() { return this == SUCCESS || this == ERROR || this == STOPPED; }
}
