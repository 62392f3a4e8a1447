package io.wharf.web.security;

import io.wharf.common.WharfException;
import io.wharf.config.WharfConfig;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Internal endpoints (the registry's notifications, job status hooks, the job service API) answer
 * only to {@code Authorization: Harbor-Secret <internal secret>}, as in Harbor.
 */
@Provider
@InternalOnly
@Priority(FilterOrder.INTERNAL_SECRET)
public class InternalSecretFilter implements ContainerRequestFilter {
    private static final String SCHEME = "Harbor-Secret ";

    @Inject WharfConfig config;

    public static boolean isInternal(String path) {
        String p = path.startsWith("/") ? path.substring(1) : path;
        return p.equals("service/notifications") || p.startsWith("service/notifications/")
                || p.equals("api/v1/jobs") || p.startsWith("api/v1/jobs/") || p.equals("api/v1/stats");
    }

    @Override
    public void filter(ContainerRequestContext request) {
        if (!carriesSecret(request.getHeaderString(HttpHeaders.AUTHORIZATION), config)) {
            throw WharfException.unauthorized("this endpoint needs the internal secret");
        }
    }

    /** Whether an Authorization header is {@code Harbor-Secret <internal secret>} (compared in constant time). */
    public static boolean carriesSecret(String header, WharfConfig config) {
        String secret = config.internalSecret().orElse(null);
        return secret != null && header != null && header.startsWith(SCHEME)
                && MessageDigest.isEqual(secret.getBytes(StandardCharsets.UTF_8),
                        header.substring(SCHEME.length()).trim().getBytes(StandardCharsets.UTF_8));
    }
}
