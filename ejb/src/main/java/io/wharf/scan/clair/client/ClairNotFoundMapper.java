package io.wharf.scan.clair.client;

import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.ext.ResponseExceptionMapper;

/** Clair's 404: no such index or vulnerability report. */
public class ClairNotFoundMapper implements ResponseExceptionMapper<ClairNotFoundException> {
    @Override
    public boolean handles(int status, MultivaluedMap<String, Object> headers) {
        return status == 404;
    }

    @Override
    public ClairNotFoundException toThrowable(Response response) {
        return new ClairNotFoundException(ClairException.messageOf(response));
    }
}
