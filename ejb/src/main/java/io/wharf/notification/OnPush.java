package io.wharf.notification;

/**
 * Raised inside the application once a pushed artifact is recorded (after the transaction
 * commits), for example {@code hpc/hello-world:v1}. Scan-on-push observes it.
 */
public record OnPush(String project, String repository, String tag, String digest, boolean autoScan) {
    @Override
    public String toString() {
        return repository + (tag == null ? "@" + digest : ":" + tag);
    }
}
