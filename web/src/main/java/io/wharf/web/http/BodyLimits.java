package io.wharf.web.http;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * How large a request body each part of Wharf accepts; beyond it the answer is 413. Blob uploads
 * under {@code /v2} are unlimited (they are streamed), manifests are capped by the gateway itself.
 * Each limit is a MicroProfile Config property in KiB ({@code wharf.body.limit.api.kib} ...).
 */
public record BodyLimits(long login, long token, long notifications, long jobs, long users, long api, long other) {
    public static final long UNLIMITED = Long.MAX_VALUE;

    public static BodyLimits fromConfig() {
        Config c = ConfigProvider.getConfig();
        return new BodyLimits(kib(c, "login", 16), kib(c, "token", 64), kib(c, "notifications", 16 * 1024),
                kib(c, "jobs", 1024), kib(c, "users", 64), kib(c, "api", 1024), kib(c, "other", 64));
    }

    private static long kib(Config c, String name, long fallback) {
        return c.getOptionalValue("wharf.body.limit." + name + ".kib", Long.class).orElse(fallback) * 1024;
    }

    /** The limit for a path relative to the application root, without a leading slash. */
    public long forPath(String path) {
        if (path.equals("v2") || path.startsWith("v2/")) return UNLIMITED;
        if (path.startsWith("c/")) return login;
        if (path.startsWith("service/token")) return token;
        if (path.startsWith("service/notifications")) return notifications;
        if (path.startsWith("api/v1/")) return jobs;
        if (path.startsWith("api/v2.0/users") || path.contains("/members")) return users;
        if (path.startsWith("api/")) return api;
        return other;
    }
}
