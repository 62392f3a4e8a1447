package io.wharf.web.portal;

import io.wharf.project.Permission;
import io.wharf.web.security.Requires;
import jakarta.servlet.ServletContext;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;

/**
 * Serves the portal: {@code /} is its one HTML page, {@code /portal/...} its scripts, styles and
 * images (the WAR's {@code portal/} folder). The JAX-RS application owns every path of the web
 * module ({@code @ApplicationPath("/")}), so the servlet container's static file handler never sees
 * a request: the files are served here. Routes inside the portal live after {@code #}, so no other
 * path needs the page.
 */
@Path("/")
@Requires(Permission.ANYONE)
public class PortalResource {
    /** Lower-case names with dashes, in folders; nothing that could climb out of portal/. */
    private static final String FILE = "[a-z0-9][a-z0-9-]*(/[a-z0-9][a-z0-9-]*)*\\.(js|css|svg|html)";

    @Context ServletContext servlet;
    @Context Request request;

    @GET
    public Response index() {
        return serve("index.html");
    }

    @GET
    @Path("portal/{file: " + FILE + "}")
    public Response asset(@PathParam("file") String file) {
        return serve(file);
    }

    private Response serve(String name) {
        StaticFile file = StaticFiles.load(servlet, name);
        if (file == null) return Response.status(404).type("text/plain").entity("no such file\n").build();
        EntityTag etag = new EntityTag(file.etag());
        Response.ResponseBuilder notModified = request.evaluatePreconditions(etag);
        Response.ResponseBuilder r = notModified != null ? notModified : Response.ok(file.bytes(), file.contentType());
        r.tag(etag)
                // Revalidate every time: the ETag makes that cheap, and a new Wharf is seen at once.
                .header(HttpHeaders.CACHE_CONTROL, "no-cache")
                .header("X-Content-Type-Options", "nosniff")
                .header("Referrer-Policy", "same-origin");
        if (name.endsWith(".html")) {
            // Everything comes from Wharf itself: no CDN, no inline script, no framing by other sites.
            r.header("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; "
                    + "script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'")
                    .header("X-Frame-Options", "DENY");
        }
        return r.build();
    }
}
