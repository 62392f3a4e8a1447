package io.wharf.jobservice;

import jakarta.json.JsonObject;

/** What a running job sees: its parameters, its log, check-ins, and whether it was asked to stop. */
public interface JobContext {
    String jobId();

    JsonObject parameters();

    JobLog log();

    /** Reports progress; it is fired as a Running change with this check-in (and reaches a status hook). */
    void checkIn(String message);

    boolean stopRequested();
}
