package io.wharf.web.security;

import java.net.URI;

/**
 * Whether a browser's {@code Origin} header names Wharf itself: the host the request was sent to,
 * the configured external URL (behind a proxy), or the address the server saw. No header means a
 * non-browser client (curl, scripts), which a cross-site attack cannot be.
 */
final class SameOrigin {
    private SameOrigin() {}

    static boolean allows(String origin, String hostHeader, String baseUri, String externalUrl) {
        if (origin == null) return true;
        if (hostHeader != null && (origin.equalsIgnoreCase("http://" + hostHeader) || origin.equalsIgnoreCase("https://" + hostHeader))) {
            return true;
        }
        if (externalUrl != null && origin.equalsIgnoreCase(originOf(externalUrl))) return true;
        return baseUri != null && origin.equalsIgnoreCase(originOf(baseUri));
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
