package io.wharf.session;

import io.wharf.project.Caller;

/**
 * A signed-in browser: the id its cookie carries, the CSRF token its pages send back on unsafe
 * requests, and who it is. {@link #toString()} names neither secret, so a stray log line leaks nothing.
 */
public record Session(String id, String csrfToken, Caller caller) {
    @Override
    public String toString() { return "Session[" + caller.username() + "]"; }
}
