package io.wharf.registry.client;

import io.wharf.common.WharfException;

/** The registry answered with a server error or an unexpected status. */
public class RegistryUnavailableException extends WharfException {
    public RegistryUnavailableException(int upstreamStatus) {
        super(503, "SERVICE_UNAVAILABLE", "the registry answered " + upstreamStatus);
    }
}
