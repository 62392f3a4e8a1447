package io.wharf.scan.adapter.client;

import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.ext.ResponseExceptionMapper;

/** The adapter's 404: unknown scan request or path. */
public class AdapterNotFoundMapper implements ResponseExceptionMapper<AdapterNotFoundException> {
    @Override
    public boolean handles(int status, MultivaluedMap<String, Object> headers) {
        return status == 404;
    }

    @Override
    public AdapterNotFoundException toThrowable(Response response) {
        return new AdapterNotFoundException(AdapterException.messageOf(response));
    }
}
