package io.wharf.web.openapi;

import io.wharf.project.Permission;
import io.wharf.web.security.Requires;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import java.util.Locale;

/**
 * {@code GET /openapi}: the OpenAPI 3 document of every {@code /api} and {@code /service}
 * operation, written from the resources' annotations when Wharf is built (SmallRye OpenAPI's Maven
 * plugin, the engine MicroProfile OpenAPI uses). As MicroProfile OpenAPI does: YAML by default, JSON
 * for {@code Accept: application/json} or {@code ?format=JSON}. {@code GET /openapi/ui}: Swagger UI
 * (the pinned webjar) showing it. Served by the application rather than Liberty's mpOpenAPI feature
 * so that these paths pass the same request guard as the API: unknown methods 405 with {@code Allow},
 * unknown paths 404, errors in the API's JSON format.
 */
@Path("openapi")
@Requires(Permission.ANYONE)
public class OpenApiResource {
    static final String YAML = "application/yaml; charset=utf-8";
    static final String JSON = "application/json; charset=utf-8";
    /** Swagger UI's files the page loads; nothing else of the webjar is served. */
    private static final String UI_FILE = "swagger-ui-bundle\\.js|swagger-ui\\.css|favicon-32x32\\.png|favicon-16x16\\.png|wharf-openapi-ui\\.js";

    @Context Request request;

    @GET
    public Response document(@QueryParam("format") String format, @HeaderParam(HttpHeaders.ACCEPT) String accept) {
        boolean json = format != null ? format.equalsIgnoreCase("json")
                : accept != null && accept.toLowerCase(Locale.ROOT).contains("json") && !accept.toLowerCase(Locale.ROOT).contains("yaml");
        return serve(json ? UiFiles.document("openapi.json", JSON) : UiFiles.document("openapi.yaml", YAML))
                .header("Vary", "Accept").build();
    }

    @GET
    @Path("ui")
    public Response ui() {
        return serve(UiFiles.page())
                // Swagger UI's scripts and styles come from Wharf; it draws small images as data: URIs.
                .header("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
                        + "script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'")
                .header("X-Frame-Options", "DENY")
                .header("X-Content-Type-Options", "nosniff")
                .header("Referrer-Policy", "same-origin")
                .build();
    }

    @GET
    @Path("ui/{file: " + UI_FILE + "}")
    public Response uiFile(@PathParam("file") String file) {
        UiFiles.File f = UiFiles.asset(file);
        if (f == null) throw new NotFoundException();
        return serve(f).header("X-Content-Type-Options", "nosniff").build();
    }

    private Response.ResponseBuilder serve(UiFiles.File file) {
        EntityTag etag = new EntityTag(file.etag());
        Response.ResponseBuilder notModified = request.evaluatePreconditions(etag);
        CacheControl revalidate = new CacheControl();
        revalidate.setNoCache(true);
        return (notModified != null ? notModified : Response.ok(file.bytes(), file.contentType())).tag(etag).cacheControl(revalidate);
    }
}
