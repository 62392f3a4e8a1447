package io.wharf.web.error;

import jakarta.json.bind.JsonbException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Anything unforeseen: logged with its stack trace, answered as a bare 500. */
@Provider
public class ServerErrorMapper implements ExceptionMapper<Throwable> {
    private static final Logger LOG = Logger.getLogger(ServerErrorMapper.class.getName());
    @Context UriInfo uri;

    @Override
    public Response toResponse(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            // A refusal raised while the body was read arrives wrapped by the JAX-RS runtime.
            if (c instanceof io.wharf.common.WharfException w) {
                WharfExceptionMapper mapper = new WharfExceptionMapper();
                mapper.uri = uri;
                return mapper.toResponse(w);
            }
            if (c instanceof io.wharf.web.http.BodyTooLargeException) {
                return ErrorBodies.isRegistryPath(uri)
                        ? ErrorBodies.registry(413, "SIZE_INVALID", c.getMessage(), null).build()
                        : ErrorBodies.api(413, "PAYLOAD_TOO_LARGE", c.getMessage());
            }
            if (c instanceof JsonbException || c instanceof jakarta.json.JsonException) {
                return ErrorBodies.api(400, "BAD_REQUEST", "the request body is not valid JSON of the expected shape");
            }
        }
        LOG.log(Level.SEVERE, "Request " + io.wharf.web.system.RequestIds.current() + " to " + uri.getPath() + " failed", e);
        return internalError(uri);
    }

    static Response internalError(UriInfo uri) {
        if (ErrorBodies.isRegistryPath(uri)) {
            return ErrorBodies.registry(500, "UNKNOWN", "internal error", null).build();
        }
        return ErrorBodies.api(500, "INTERNAL_SERVER_ERROR", "internal error");
    }
}
