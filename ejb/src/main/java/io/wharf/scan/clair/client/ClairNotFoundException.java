package io.wharf.scan.clair.client;

/** Clair has no report for the manifest (404): never indexed, or deleted since. */
public class ClairNotFoundException extends ClairException {
    public ClairNotFoundException(String clairMessage) {
        super(404, clairMessage);
    }
}
