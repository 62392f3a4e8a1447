package io.wharf.jobservice;

import jakarta.json.JsonObject;

/**
 * One kind of job the service runs. Implementations are CDI beans; each declares its name, how
 * many failures it may have before it is given up, and checks its parameters before it is queued.
 */
public interface JobType {
    String name();

    int maxFails();

    /** Whether this type is on in this installation (a sample job may be switched off). */
    default boolean enabled() { return true; }

    /** @throws IllegalArgumentException naming the parameter that is wrong */
    void validate(JsonObject parameters);

    /** Runs the job; an exception fails this attempt. Long jobs should poll {@link JobContext#stopRequested()}. */
    void run(JobContext context) throws Exception;
}
