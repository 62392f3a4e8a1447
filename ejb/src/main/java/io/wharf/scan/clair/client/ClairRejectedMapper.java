package io.wharf.scan.clair.client;

import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.ext.ResponseExceptionMapper;

/** Clair's other 4xx answers (400 bad manifest, 401/403 when Clair wants a token, 405, 412 ...). */
public class ClairRejectedMapper implements ResponseExceptionMapper<ClairRejectedException> {
    @Override
    public boolean handles(int status, MultivaluedMap<String, Object> headers) {
        return status >= 400 && status < 500 && status != 404;
    }

    @Override
    public ClairRejectedException toThrowable(Response response) {
        return new ClairRejectedException(response.getStatus(), ClairException.messageOf(response));
    }
}
