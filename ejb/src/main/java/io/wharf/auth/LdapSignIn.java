package io.wharf.auth;

import io.wharf.common.WharfException;
import io.wharf.project.Caller;
import io.wharf.project.DirectorySignIn;
import io.wharf.project.DirectoryUsers;
import io.wharf.project.UserGroup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * Sign-in in {@code ldap_auth} mode (every user but the local admin): find the one entry whose uid is
 * the login name under the base DN and filter, bind as it with the password, read its groups, then
 * onboard or refresh the Wharf user (members of {@code ldap_group_admin_dn} become administrators).
 */
@ApplicationScoped
public class LdapSignIn implements DirectorySignIn {
    private static final Logger LOG = Logger.getLogger(LdapSignIn.class.getName());

    @Inject AuthSettings settings;
    @Inject AuthModeCache cache;
    @Inject DirectoryUsers directoryUsers;

    @Override
    public boolean handles(String username) {
        return cache.get(settings::snapshot).ldapAuth();
    }

    @Override
    public Optional<Caller> signIn(String username, String password) {
        LdapSettings s = cache.get(settings::snapshot).ldap();
        try (LdapDirectory directory = LdapDirectory.open(s)) {
            List<LdapDirectory.Entry> found = directory.findUsers(username);
            if (found.size() != 1) return Optional.empty(); // none, or a name that is not unique: no guessing
            LdapDirectory.Entry entry = found.get(0);
            if (!LdapDirectory.canBind(s, entry.dn(), password)) return Optional.empty();
            Set<String> groups = directory.groupsOf(entry).stream().map(LdapSignIn::normalized)
                    .filter(g -> g != null).collect(Collectors.toSet());
            Optional<Boolean> admin = s.groupAdminDn() == null || s.groupAdminDn().isBlank() ? Optional.empty()
                    : Optional.of(groups.contains(normalized(s.groupAdminDn())));
            return Optional.of(directoryUsers.onboard(new DirectoryUsers.DirectoryUser(entry.uid(), entry.email(),
                    entry.realname(), admin, groups)));
        } catch (LdapDirectory.Unavailable e) {
            LOG.warning("LDAP sign-in of a directory user failed: " + e.getMessage());
            throw new WharfException(401, "UNAUTHORIZED",
                    "the LDAP server cannot be reached, so directory users cannot sign in now; try again later");
        }
    }

    private static String normalized(String dn) {
        try {
            return UserGroup.normalizeDn(dn);
        } catch (WharfException e) {
            return null;
        }
    }
}
