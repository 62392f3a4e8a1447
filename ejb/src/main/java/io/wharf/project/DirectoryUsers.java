package io.wharf.project;

import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Users who sign in through a directory: created on their first successful bind (Harbor's
 * onboarding), their profile, administrator flag and group memberships refreshed at each sign-in.
 * Their stored password is a random one nobody knows, so the database never signs them in itself.
 */
@Stateless
public class DirectoryUsers {
    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject UserRepository users;
    @Inject UserGroupRepository groups;
    @Inject AccessCache access;
    @Inject Revocations revocations;

    /** What the directory says of a user who has just proven their password. */
    public record DirectoryUser(String username, String email, String realname, Optional<Boolean> sysadmin,
                                Collection<String> groupDns) {}

    public Caller onboard(DirectoryUser who) {
        UserAccount user = users.byName(who.username()).orElseGet(() -> users.add(new UserAccount(who.username(),
                who.email(), who.realname(), "onboarded from LDAP", UserService.HASHER.hash(randomPassword()))));
        if (user.getComment() != null && user.getComment().equals("onboarded from LDAP")) {
            user.changeProfile(who.email(), who.realname(), user.getComment());
        }
        boolean changed = false;
        if (who.sysadmin().isPresent() && who.sysadmin().get() != user.isSysadmin()) {
            user.changeSysadmin(who.sysadmin().get());
            revocations.revoke(user.getUsername());
            changed = true;
        }
        List<Long> groupIds = groups.byDns(who.groupDns()).stream().map(UserGroup::getId).sorted().toList();
        if (!groups.linkedGroupIds(user.getId()).equals(groupIds)) {
            groups.replaceLinks(user.getId(), groupIds);
            changed = true;
        }
        if (changed) access.changed();
        return Caller.of(user);
    }

    private static String randomPassword() {
        byte[] b = new byte[24];
        RANDOM.nextBytes(b);
        return Base64.getEncoder().encodeToString(b) + "aA1";
    }
}
