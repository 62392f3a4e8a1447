package io.wharf.web.security;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;

/**
 * Whether a browser's {@code Origin} header names Wharf itself: the host the request was sent to,
 * or the configured external URL (behind a proxy). No header means a non-browser client.
 */
final class SameOrigin {
    private SameOrigin() {}

    static boolean allows(String origin, UriInfo uri, HttpHeaders headers, String externalUrl) {
        if (origin == null) return true;
        String host = headers.getHeaderString("Host");
        if (host != null && (origin.equalsIgnoreCase("http://" + host) || origin.equalsIgnoreCase("https://" + host))) {
            return true;
        }
        if (externalUrl != null && origin.equalsIgnoreCase(originOf(externalUrl))) return true;
        return origin.equalsIgnoreCase(originOf(uri.getBaseUri().toString()));
    }

    private static String originOf(String url) {
        try {
            URI u = URI.create(url);
            return u.getScheme() + "://" + u.getRawAuthority();
        } catch (IllegalArgumentException e) {
            return "";
        }
    }
}
