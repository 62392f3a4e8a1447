package io.wharf.web.error;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/**
 * The two error formats: Harbor's {@code {"errors":[{"code","message"}]}} on /api and /service, and
 * the registry's {@code {"errors":[{"code","message","detail"}]}} on /v2, whose codes clients read.
 */
public final class ErrorBodies {
    private ErrorBodies() {}

    public static boolean isRegistryPath(UriInfo uri) {
        String path = uri.getPath();
        return path.equals("v2") || path.startsWith("v2/") || path.equals("/v2") || path.startsWith("/v2/");
    }

    public static Response api(int status, String code, String message) {
        JsonObject body = Json.createObjectBuilder()
                .add("errors", Json.createArrayBuilder().add(Json.createObjectBuilder()
                        .add("code", code).add("message", message)))
                .build();
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(body.toString()).build();
    }

    public static Response.ResponseBuilder registry(int status, String code, String message, JsonArrayBuilder detail) {
        JsonObjectBuilder error = Json.createObjectBuilder().add("code", code).add("message", message);
        if (detail != null) error.add("detail", detail);
        String body = Json.createObjectBuilder().add("errors", Json.createArrayBuilder().add(error)).build().toString();
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE)
                .header("Docker-Distribution-API-Version", "registry/2.0").entity(body);
    }

    /** The registry's error code for a status Wharf itself decided. */
    public static String registryCode(int status) {
        return switch (status) {
            case 400 -> "UNSUPPORTED";
            case 401 -> "UNAUTHORIZED";
            case 403 -> "DENIED";
            case 404 -> "NAME_UNKNOWN";
            case 429 -> "TOOMANYREQUESTS";
            default -> "UNAVAILABLE";
        };
    }
}
