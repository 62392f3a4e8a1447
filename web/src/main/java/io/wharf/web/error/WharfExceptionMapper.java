package io.wharf.web.error;

import io.wharf.common.WharfException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** A domain error, in the error format of the API it happened on. */
@Provider
public class WharfExceptionMapper implements ExceptionMapper<WharfException> {
    @Context UriInfo uri;

    @Override
    public Response toResponse(WharfException e) {
        if (ErrorBodies.isRegistryPath(uri)) {
            return ErrorBodies.registry(e.status(), ErrorBodies.registryCode(e.status()), e.getMessage(), null).build();
        }
        Response.ResponseBuilder r = Response.fromResponse(ErrorBodies.api(e.status(), e.code(), e.getMessage()));
        if (e.status() == 401 && uri.getPath().contains("api/")) {
            r.header("WWW-Authenticate", "Basic realm=\"wharf\"");
        }
        return r.build();
    }
}
