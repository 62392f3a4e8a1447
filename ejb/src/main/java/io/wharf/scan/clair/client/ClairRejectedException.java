package io.wharf.scan.clair.client;

/** Clair refused the request (4xx other than 404): a bad manifest, a missing credential, a wrong URL. */
public class ClairRejectedException extends ClairException {
    public ClairRejectedException(int status, String clairMessage) {
        super(status, clairMessage);
    }
}
