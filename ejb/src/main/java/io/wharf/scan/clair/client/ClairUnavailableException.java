package io.wharf.scan.clair.client;

/** Clair failed on its side (5xx): worth trying again later. */
public class ClairUnavailableException extends ClairException {
    public ClairUnavailableException(int status, String clairMessage) {
        super(status, clairMessage);
    }
}
