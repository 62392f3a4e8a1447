package io.wharf.scan.adapter.client;

import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.ext.ResponseExceptionMapper;

/** The adapter's 5xx answers. */
public class AdapterUnavailableMapper implements ResponseExceptionMapper<AdapterUnavailableException> {
    @Override
    public boolean handles(int status, MultivaluedMap<String, Object> headers) {
        return status >= 500;
    }

    @Override
    public AdapterUnavailableException toThrowable(Response response) {
        return new AdapterUnavailableException(response.getStatus(), AdapterException.messageOf(response));
    }
}
