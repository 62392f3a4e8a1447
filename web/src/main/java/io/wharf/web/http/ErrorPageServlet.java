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
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        String raw = uri == null ? "" : uri.toString();
        String path = raw.replaceFirst("^" + java.util.regex.Pattern.quote(request.getContextPath()) + "/?", "");
        if (path.equals(PATH.substring(1))) status = 404; // asked for directly
        String message = status >= 500 ? "internal error" : status == 404 ? "no such resource" : "request refused";
        // The server refuses some paths itself (encoded dots and slashes) before Wharf's filters
        // see them, and reports that as an exception: it is the client's path, not a server error.
        PathCheck.Problem problem = PathCheck.problem(raw);
        if (problem != null) {
            status = problem.status();
            message = problem.message();
        }
        String wire = ErrorWriter.code(path, status);
        SecurityHeaders.apply(request, response, false);
        ErrorWriter.write(response, path, status, wire, message);
    }
}
