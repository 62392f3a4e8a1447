package io.wharf.web.security;

import io.wharf.project.Caller;
import jakarta.enterprise.context.RequestScoped;

/** The caller of the current request, set once by {@link BasicAuthenticationFilter}. */
@RequestScoped
public class CallerHolder {
    private Caller caller = Caller.ANONYMOUS;

    public Caller get() { return caller; }

    void set(Caller caller) { this.caller = caller; }
}
