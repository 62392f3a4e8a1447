package io.wharf.web.security;

import jakarta.ws.rs.Priorities;

/**
 * The order of Wharf's request filters, in one place. Each resource names the sign-in it takes
 * with a name-binding annotation ({@link InternalOnly}, {@link BasicSignIn}, {@link SessionSignIn},
 * {@code registry.RegistryBearer}); {@link Requires} then decides what the caller may do.
 */
public final class FilterOrder {
    private FilterOrder() {}

    /** The internal secret: nothing else is looked at on internal endpoints. */
    public static final int INTERNAL_SECRET = Priorities.AUTHENTICATION;
    /** Throttling of failed sign-ins runs before any password is checked. */
    public static final int THROTTLE = Priorities.AUTHENTICATION + 5;
    /** Basic credentials (the API and the token service). */
    public static final int BASIC = Priorities.AUTHENTICATION + 10;
    /** The portal's session cookie, only when no Authorization header came (Basic wins). */
    public static final int SESSION = Priorities.AUTHENTICATION + 20;
    /** The registry's Bearer token on /v2. */
    public static final int REGISTRY_TOKEN = Priorities.AUTHENTICATION + 30;
    /** The permission table, once the caller is known. */
    public static final int PERMISSION = Priorities.AUTHORIZATION;
}
