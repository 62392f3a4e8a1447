package io.wharf.auth;

import io.wharf.project.Caller;
import io.wharf.project.Permission;
import io.wharf.project.Permissions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;

/** What administrators ask the directory: test a connection, find users and groups (Harbor's {@code /ldap}). */
@ApplicationScoped
public class LdapQueries {
    @Inject AuthSettings settings;

    /** Harbor's {@code LdapPingResult}. */
    public record PingResult(boolean success, String message) {}

    /** Connects and binds with these settings (the stored password when none is given). */
    public PingResult ping(Caller caller, LdapSettings proposed) {
        Permissions.require(caller, Permission.CONFIGURATION_READ, null, null, "test the LDAP connection");
        LdapSettings s = proposed.searchPassword() == null ? proposed.withSearchPassword(settings.ldap().searchPassword()) : proposed;
        s.validated();
        try (LdapDirectory d = LdapDirectory.open(s)) {
            d.findUsers("\0no-such-user");
            return new PingResult(true, "connected to " + s.providerUrl() + (s.startTls() ? " with StartTLS" : ""));
        } catch (LdapDirectory.Unavailable e) {
            return new PingResult(false, e.getMessage());
        }
    }

    public List<LdapDirectory.Entry> users(Caller caller, String username) throws LdapDirectory.Unavailable {
        Permissions.require(caller, Permission.CONFIGURATION_READ, null, null, "search the directory");
        try (LdapDirectory d = LdapDirectory.open(settings.ldap().validated())) {
            return d.findUsers(username);
        }
    }

    public List<LdapDirectory.Group> groups(Caller caller, String name, String dn) throws LdapDirectory.Unavailable {
        Permissions.require(caller, Permission.CONFIGURATION_READ, null, null, "search the directory");
        try (LdapDirectory d = LdapDirectory.open(settings.ldap().validated())) {
            return d.findGroups(name, dn);
        }
    }

    /** The current settings, for the form that tests a connection before saving. */
    public LdapSettings stored() { return settings.ldap(); }
}
