package io.wharf.web.error;

import io.wharf.common.WharfException;
import jakarta.ejb.EJBException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * An EJB call that failed: a domain error wrapped by the container is unwrapped and answered as
 * itself; anything else is a server error, logged here and never shown to the caller.
 */
@Provider
public class EjbExceptionMapper implements ExceptionMapper<EJBException> {
    private static final Logger LOG = Logger.getLogger(EjbExceptionMapper.class.getName());
    @Context UriInfo uri;

    @Override
    public Response toResponse(EJBException e) {
        Throwable cause = e;
        while (cause != null) {
            if (cause instanceof WharfException w) {
                WharfExceptionMapper mapper = new WharfExceptionMapper();
                mapper.uri = uri;
                return mapper.toResponse(w);
            }
            cause = cause.getCause();
        }
        LOG.log(Level.SEVERE, "Request to " + uri.getPath() + " failed", e);
        return ServerErrorMapper.internalError(uri);
    }
}
