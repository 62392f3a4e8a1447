package io.wharf.web.http;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The first thing every request meets, before JAX-RS: methods Wharf does not speak (405 with
 * {@code Allow}; {@code OPTIONS} is answered here with the methods), paths no Wharf resource can have (encoded dot segments, bytes that are not
 * printable ASCII: 400), bodies larger than the endpoint takes (413), and the security headers on
 * every answer. Anything that still escapes is answered in the API's error format, never by the
 * server's own error page.
 */
@WebFilter(urlPatterns = "/*", asyncSupported = true)
public class RequestGuard extends HttpFilter {
    private static final Logger LOG = Logger.getLogger(RequestGuard.class.getName());
    static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");
    static final String ALLOW = "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS";

    private volatile BodyLimits limits;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String path = relativePath(request);
        SecurityHeaders.apply(request, response, isPortal(path));
        if (!METHODS.contains(request.getMethod())) {
            response.setHeader("Allow", ALLOW);
            ErrorWriter.write(response, path, 405, "METHOD_NOT_ALLOWED", "method " + printable(request.getMethod()) + " is not allowed");
            return;
        }
        PathCheck.Problem problem = PathCheck.problem(request.getRequestURI(), request.getQueryString());
        if (problem == null && request.getMethod().equals("OPTIONS")) {
            // Wharf serves no cross-origin callers, so there is no preflight to answer: just the methods.
            response.setHeader("Allow", ALLOW);
            response.setStatus(204);
            return;
        }
        if (problem != null) {
            ErrorWriter.write(response, path, problem.status(), ErrorWriter.code(path, problem.status()), problem.message());
            return;
        }
        long limit = limits().forPath(path);
        if (request.getContentLengthLong() > limit) {
            ErrorWriter.write(response, path, 413, ErrorWriter.isRegistry(path) ? "SIZE_INVALID" : "PAYLOAD_TOO_LARGE",
                    "the request body is larger than " + limit + " bytes");
            return;
        }
        HttpServletRequest guarded = limit == BodyLimits.UNLIMITED ? request : new LimitedBody(request, limit);
        try {
            chain.doFilter(guarded, response);
        } catch (BodyTooLargeException e) {
            if (!response.isCommitted()) {
                response.reset();
                SecurityHeaders.apply(request, response, false);
                ErrorWriter.write(response, path, 413, "PAYLOAD_TOO_LARGE", e.getMessage());
            }
        } catch (IOException | ServletException | RuntimeException e) {
            if (causedBy(e, BodyTooLargeException.class) && !response.isCommitted()) {
                response.reset();
                ErrorWriter.write(response, path, 413, "PAYLOAD_TOO_LARGE", "the request body is too large");
                return;
            }
            LOG.log(Level.SEVERE, "Request " + printable(request.getMethod()) + " " + printable(path) + " failed", e);
            if (!response.isCommitted()) {
                response.reset();
                SecurityHeaders.apply(request, response, false);
                ErrorWriter.write(response, path, 500, ErrorWriter.isRegistry(path) ? "UNKNOWN" : "INTERNAL_SERVER_ERROR", "internal error");
            }
        }
    }

    private BodyLimits limits() {
        BodyLimits l = limits;
        if (l == null) limits = l = BodyLimits.fromConfig();
        return l;
    }

    static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable c = e; c != null; c = c.getCause()) if (type.isInstance(c)) return true;
        return false;
    }

    static String relativePath(HttpServletRequest request) {
        String uri = request.getRequestURI();
        String context = request.getContextPath();
        if (uri == null) return "";
        if (context != null && uri.startsWith(context)) uri = uri.substring(context.length());
        return uri.startsWith("/") ? uri.substring(1) : uri;
    }

    private static boolean isPortal(String path) {
        return path.isEmpty() || path.startsWith("portal/") || path.equals("index.html")
                // The OpenAPI UI's page sets its own policy too (OpenApiResource).
                || path.equals("openapi/ui") || path.equals("openapi/ui/");
    }

    /** A method or path as it may go into a log line or an answer: printable ASCII, at most 200 characters. */
    static String printable(String s) {
        if (s == null) return "";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < s.length() && i < 200; i++) {
            char c = s.charAt(i);
            out.write(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return out.toString(java.nio.charset.StandardCharsets.US_ASCII);
    }
}
