package io.wharf.web.error;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** JAX-RS's own refusals (no such path, wrong method, unreadable body) in the API's error format. */
@Provider
public class WebApplicationExceptionMapper implements ExceptionMapper<WebApplicationException> {
    @Context UriInfo uri;

    @Override
    public Response toResponse(WebApplicationException e) {
        int status = e.getResponse() == null ? 500 : e.getResponse().getStatus();
        for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
            if (c instanceof io.wharf.common.WharfException || c instanceof io.wharf.web.http.BodyTooLargeException) {
                ServerErrorMapper unwrap = new ServerErrorMapper();
                unwrap.uri = uri;
                return unwrap.toResponse(c);
            }
        }
        Response answer = answer(status);
        // The methods the resource does take (a 405's Allow) must survive the rewrite of the body.
        String allow = e.getResponse() == null ? null : e.getResponse().getHeaderString("Allow");
        return allow == null ? answer : Response.fromResponse(answer).header("Allow", allow).build();
    }

    private Response answer(int status) {
        String message = switch (status) {
            case 400 -> "the request body or parameters could not be read";
            case 404 -> "no such resource";
            case 405 -> "method not allowed here";
            case 406 -> "no acceptable representation";
            case 413 -> "the request body is too large";
            case 415 -> "unsupported content type";
            default -> status >= 500 ? "internal error" : "request refused";
        };
        if (ErrorBodies.isRegistryPath(uri)) {
            return ErrorBodies.registry(status, ErrorBodies.registryCode(status), message, null).build();
        }
        String code = switch (status) {
            case 400 -> "BAD_REQUEST";
            case 404 -> "NOT_FOUND";
            case 405 -> "METHOD_NOT_ALLOWED";
            case 406 -> "NOT_ACCEPTABLE";
            case 413 -> "PAYLOAD_TOO_LARGE";
            case 415 -> "UNSUPPORTED_MEDIA_TYPE";
            default -> status >= 500 ? "INTERNAL_SERVER_ERROR" : "BAD_REQUEST";
        };
        return ErrorBodies.api(status, code, message);
    }
}
