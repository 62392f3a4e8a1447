package io.wharf.scanner.feeds;

import java.io.IOException;
import java.net.URI;

/**
 * Redirects are followed only from https to https: a plain-http hop would let anyone on the path change the data
 * (and see the request's headers, an API key among them).
 */
public final class RedirectRule {
    /** Hops followed before giving up. */
    public static final int MAX_REDIRECTS = 5;

    private RedirectRule() {
    }

    public static boolean allowed(URI from, URI to) {
        return "https".equalsIgnoreCase(from.getScheme()) && "https".equalsIgnoreCase(to.getScheme())
                && to.getHost() != null;
    }

    /** The absolute target of a {@code Location} header, when the rule allows it. */
    public static URI follow(URI from, String location) throws IOException {
        if (location == null || location.isBlank()) {
            throw new IOException("redirect without a Location from " + Downloader.redact(from));
        }
        URI to;
        try {
            to = from.resolve(location.trim());
        } catch (IllegalArgumentException e) {
            throw new IOException("redirect to an invalid location from " + Downloader.redact(from));
        }
        if (!allowed(from, to)) {
            throw new IOException("refusing redirect from " + Downloader.redact(from) + " to " + Downloader.redact(to)
                    + ": only https to https is followed");
        }
        return to;
    }
}
