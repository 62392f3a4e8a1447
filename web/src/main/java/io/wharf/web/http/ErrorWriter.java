package io.wharf.web.http;

import jakarta.json.Json;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Error answers written below JAX-RS (the request guard, the server's error pages), in the same two
 * formats as {@code io.wharf.web.error.ErrorBodies}: the registry's on {@code /v2}, Harbor's elsewhere.
 */
final class ErrorWriter {
    private ErrorWriter() {}

    static boolean isRegistry(String path) {
        return path.equals("v2") || path.startsWith("v2/");
    }

    /** The error code for a status decided below JAX-RS, in the path's format. */
    static String code(String path, int status) {
        boolean registry = isRegistry(path);
        return switch (status) {
            case 400 -> registry ? "NAME_INVALID" : "BAD_REQUEST";
            case 401 -> "UNAUTHORIZED";
            case 403 -> registry ? "DENIED" : "FORBIDDEN";
            case 404 -> registry ? "NAME_UNKNOWN" : "NOT_FOUND";
            case 405 -> registry ? "UNSUPPORTED" : "METHOD_NOT_ALLOWED";
            case 413 -> registry ? "SIZE_INVALID" : "PAYLOAD_TOO_LARGE";
            default -> status >= 500 ? (registry ? "UNKNOWN" : "INTERNAL_SERVER_ERROR") : "BAD_REQUEST";
        };
    }

    static void write(HttpServletResponse response, String path, int status, String code, String message) throws IOException {
        var error = Json.createObjectBuilder().add("code", code).add("message", message);
        if (isRegistry(path)) {
            response.setHeader("Docker-Distribution-API-Version", "registry/2.0");
        }
        byte[] body = Json.createObjectBuilder().add("errors", Json.createArrayBuilder().add(error)).build().toString()
                .getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.setContentLength(body.length);
        response.setHeader("Cache-Control", "no-store");
        response.getOutputStream().write(body);
    }
}
