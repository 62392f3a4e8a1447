package io.wharf.web.auth;

import io.wharf.auth.LdapDirectory;
import io.wharf.auth.LdapQueries;
import io.wharf.auth.LdapSettings;
import io.wharf.common.WharfException;
import io.wharf.project.Permission;
import io.wharf.project.UserGroup;
import io.wharf.web.security.BasicSignIn;
import io.wharf.web.security.CallerHolder;
import io.wharf.web.security.Requires;
import io.wharf.web.security.SessionSignIn;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** Harbor's {@code /api/v2.0/ldap}: test a connection, search the directory's users and groups (administrators). */
@Path("api/v2.0/ldap")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@BasicSignIn
@SessionSignIn
public class LdapResource {
    @Inject LdapQueries ldap;
    @Inject CallerHolder caller;

    /** Harbor's {@code LdapConf}: the settings to test; absent keys are the stored ones. */
    public record LdapConf(String ldapUrl, Boolean ldapStarttls, String ldapSearchDn, String ldapSearchPassword,
                           String ldapBaseDn, String ldapFilter, String ldapUid, Integer ldapScope,
                           Integer ldapConnectionTimeout, Boolean ldapVerifyCert) {}

    /** Harbor's {@code LdapUser}. */
    public record LdapUser(String username, String realname, String email) {}

    /** Harbor's {@code UserGroup} as the directory answers it (no id: not yet in Wharf). */
    public record LdapGroup(String groupName, int groupType, String ldapGroupDn) {}

    @POST
    @Path("ping")
    @Requires(Permission.CONFIGURATION_READ)
    public LdapQueries.PingResult ping(LdapConf conf) {
        LdapSettings s = ldap.stored();
        if (conf != null) {
            s = new LdapSettings(or(conf.ldapUrl(), s.url()), or(conf.ldapStarttls(), s.startTls()),
                    or(conf.ldapSearchDn(), s.searchDn()), conf.ldapSearchPassword(),
                    or(conf.ldapBaseDn(), s.baseDn()), or(conf.ldapFilter(), s.filter()), or(conf.ldapUid(), s.uid()),
                    or(conf.ldapScope(), s.scope()), or(conf.ldapConnectionTimeout(), s.timeoutSeconds()),
                    or(conf.ldapVerifyCert(), s.verifyCert()), s.groupBaseDn(), s.groupSearchFilter(),
                    s.groupAttributeName(), s.groupSearchScope(), s.groupAdminDn(), s.groupMembershipAttribute());
        } else {
            s = s.withSearchPassword(null);
        }
        return ldap.ping(caller.get(), s);
    }

    @GET
    @Path("users/search")
    @Requires(Permission.CONFIGURATION_READ)
    public List<LdapUser> users(@QueryParam("username") String username) {
        try {
            return ldap.users(caller.get(), username == null ? "" : username.strip()).stream()
                    .map(e -> new LdapUser(e.uid(), e.realname(), e.email())).toList();
        } catch (LdapDirectory.Unavailable e) {
            throw WharfException.unavailable(e.getMessage());
        }
    }

    @GET
    @Path("groups/search")
    @Requires(Permission.CONFIGURATION_READ)
    public List<LdapGroup> groups(@QueryParam("groupname") String name, @QueryParam("groupdn") String dn) {
        if (dn != null && !dn.isBlank()) UserGroup.normalizeDn(dn); // a malformed DN is a 400
        try {
            return ldap.groups(caller.get(), name == null ? "" : name.strip(), dn).stream()
                    .map(g -> new LdapGroup(g.name(), UserGroup.LDAP, g.dn())).toList();
        } catch (LdapDirectory.Unavailable e) {
            throw WharfException.unavailable(e.getMessage());
        }
    }

    private static <T> T or(T value, T dflt) {
        return value == null || (value instanceof String str && str.isBlank()) ? dflt : value;
    }
}
