package io.wharf.web.security;

import io.wharf.throttle.SignInGuard;
import io.wharf.throttle.SignInThrottle;
import io.wharf.web.error.ErrorBodies;
import jakarta.ws.rs.core.Response;

/** 429 with Retry-After, in Harbor's error format: too many failed sign-ins from this client for this user. */
public final class TooManyAttempts {
    private TooManyAttempts() {}

    public static Response of(SignInThrottle.Verdict verdict) {
        long seconds = SignInGuard.retryAfterSeconds(verdict.retryAfter());
        return Response.fromResponse(ErrorBodies.api(429, "TOO_MANY_REQUESTS",
                "too many failed sign-ins: try again in " + seconds + " s")).header("Retry-After", seconds).build();
    }
}
