package io.wharf.registry.client;

import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.ext.ResponseExceptionMapper;

/** Turns the registry's 401 and 5xx answers into an error Wharf reports as 503: neither is the caller's fault. */
public class RegistryUnavailableMapper implements ResponseExceptionMapper<RegistryUnavailableException> {
    @Override
    public boolean handles(int status, MultivaluedMap<String, Object> headers) {
        return status == 401 || status >= 500;
    }

    @Override
    public RegistryUnavailableException toThrowable(Response response) {
        return new RegistryUnavailableException(response.getStatus());
    }
}
