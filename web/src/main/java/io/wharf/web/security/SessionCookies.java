package io.wharf.web.security;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.UriInfo;

/**
 * The portal's two cookies, written by hand because the SameSite attribute matters here:
 * {@code sid} (the session, HttpOnly so no script can read it) and {@code __csrf} (the token the
 * page must echo in {@code X-Harbor-CSRF-Token}; readable by the page's own script, which is the
 * point, and sent by the browser only to this site). Both are SameSite=Strict, so a request that
 * another site starts carries neither; Secure when the page came over HTTPS.
 */
public final class SessionCookies {
    public static final String SESSION = "sid";
    public static final String CSRF = "__csrf";
    public static final String CSRF_HEADER = "X-Harbor-CSRF-Token";

    private SessionCookies() {}

    public static String session(String id, boolean secure) {
        return SESSION + "=" + id + "; Path=/; HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "");
    }

    public static String csrf(String token, boolean secure) {
        return CSRF + "=" + token + "; Path=/; SameSite=Strict" + (secure ? "; Secure" : "");
    }

    /** Set-Cookie values that make the browser forget both cookies. */
    public static String[] cleared(boolean secure) {
        String tail = "; Path=/; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; SameSite=Strict" + (secure ? "; Secure" : "");
        return new String[] {SESSION + "=" + tail + "; HttpOnly", CSRF + "=" + tail};
    }

    /** Whether the browser reached Wharf over HTTPS, directly or through a proxy that says so. */
    public static boolean secure(UriInfo uri, HttpHeaders headers) {
        return "https".equalsIgnoreCase(uri.getBaseUri().getScheme())
                || "https".equalsIgnoreCase(headers.getHeaderString("X-Forwarded-Proto"));
    }

    public static String sessionId(ContainerRequestContext request) {
        var cookie = request.getCookies().get(SESSION);
        return cookie == null ? null : cookie.getValue();
    }
}
