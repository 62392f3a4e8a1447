package io.wharf.scan.adapter.client;

import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.ext.ResponseExceptionMapper;

/** The adapter's other 4xx answers (401, 403, 400, 422 ...). */
public class AdapterRejectedMapper implements ResponseExceptionMapper<AdapterRejectedException> {
    @Override
    public boolean handles(int status, MultivaluedMap<String, Object> headers) {
        return status >= 400 && status < 500 && status != 404;
    }

    @Override
    public AdapterRejectedException toThrowable(Response response) {
        return new AdapterRejectedException(response.getStatus(), AdapterException.messageOf(response));
    }
}
