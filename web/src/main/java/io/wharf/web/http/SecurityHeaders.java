package io.wharf.web.http;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Headers every answer carries: no MIME sniffing, no referrer leaving the site, never framed
 * (clickjacking), and on HTTPS a year of Strict-Transport-Security. The portal's pages add their
 * own full Content-Security-Policy; everything else gets one that forbids framing and scripts.
 */
final class SecurityHeaders {
    static final String API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    private SecurityHeaders() {}

    static void apply(HttpServletRequest request, HttpServletResponse response, boolean portal) {
        // The portal's files set their own (its pages need a CSP that lets their scripts run).
        if (!portal) {
            response.setHeader("X-Content-Type-Options", "nosniff");
            response.setHeader("Referrer-Policy", "no-referrer");
            response.setHeader("X-Frame-Options", "DENY");
            response.setHeader("Content-Security-Policy", API_CSP);
        }
        if (request.isSecure() || "https".equalsIgnoreCase(request.getHeader("X-Forwarded-Proto"))) {
            response.setHeader("Strict-Transport-Security", "max-age=31536000");
        }
    }
}
