package io.wharf.scan.clair.client;

import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.ext.ResponseExceptionMapper;

/** Clair's 5xx answers. */
public class ClairUnavailableMapper implements ResponseExceptionMapper<ClairUnavailableException> {
    @Override
    public boolean handles(int status, MultivaluedMap<String, Object> headers) {
        return status >= 500;
    }

    @Override
    public ClairUnavailableException toThrowable(Response response) {
        return new ClairUnavailableException(response.getStatus(), ClairException.messageOf(response));
    }
}
