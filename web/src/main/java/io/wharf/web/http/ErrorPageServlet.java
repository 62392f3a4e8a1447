package io.wharf.web.http;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The server's error page (web.xml sends every error here): the status with a JSON body in the
 * API's format, never the server's HTML page with its stack trace, class names or version.
 */
@WebServlet(urlPatterns = ErrorPageServlet.PATH)
public class ErrorPageServlet extends HttpServlet {
    static final String PATH = "/wharf-error";

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = code instanceof Integer i && i >= 400 ? i : 500;
        if (request.getAttribute(RequestDispatcher.ERROR_EXCEPTION) != null && status < 500) status = 500;
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        String path = uri == null ? "" : uri.toString().replaceFirst("^" + java.util.regex.Pattern.quote(request.getContextPath()) + "/?", "");
        if (path.equals(PATH.substring(1))) status = 404; // asked for directly
        boolean registry = ErrorWriter.isRegistry(path);
        String wire = switch (status) {
            case 400 -> registry ? "UNSUPPORTED" : "BAD_REQUEST";
            case 401 -> "UNAUTHORIZED";
            case 403 -> registry ? "DENIED" : "FORBIDDEN";
            case 404 -> registry ? "NAME_UNKNOWN" : "NOT_FOUND";
            case 405 -> registry ? "UNSUPPORTED" : "METHOD_NOT_ALLOWED";
            case 413 -> registry ? "SIZE_INVALID" : "PAYLOAD_TOO_LARGE";
            default -> status >= 500 ? (registry ? "UNKNOWN" : "INTERNAL_SERVER_ERROR") : "BAD_REQUEST";
        };
        String message = status >= 500 ? "internal error" : status == 404 ? "no such resource" : "request refused";
        SecurityHeaders.apply(request, response, false);
        ErrorWriter.write(response, path, status, wire, message);
    }
}
