package io.wharf.auth;

import io.wharf.config.WharfConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * The authentication mode as every sign-in asks it, from memory for as long as the access cache
 * keeps answers ({@code wharf.access.cache.ms}); emptied at once when this server saves new settings.
 */
@ApplicationScoped
public class AuthModeCache {
    /** The mode and the directory's settings (password included: never logged, never answered). */
    public record Snapshot(String mode, LdapSettings ldap) {
        public boolean ldapAuth() { return AuthSettings.LDAP_AUTH.equals(mode); }
    }

    private record Entry(Snapshot snapshot, Instant expires) {}

    @Inject WharfConfig config;
    private volatile Entry entry;

    public Snapshot get(Supplier<Snapshot> load) {
        Entry e = entry;
        if (e != null && e.expires.isAfter(Instant.now())) return e.snapshot;
        Snapshot s = load.get();
        entry = new Entry(s, Instant.now().plus(config.accessCacheTtl()));
        return s;
    }

    public void clear() { entry = null; }
}
