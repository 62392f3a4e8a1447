package io.wharf.project;

import io.wharf.audit.AuditLog;
import io.wharf.audit.AuditLogEntry;
import io.wharf.common.Page;
import io.wharf.common.WharfException;
import io.wharf.config.WharfConfig;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Pattern;

/** Creating, finding and authenticating users. */
@Stateless
public class UserService {
    private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,254}");
    static final PasswordHasher HASHER = new PasswordHasher();

    @Inject UserRepository users;
    @Inject ProjectRepository projects;
    @Inject Revocations revocations;
    @Inject CredentialCache credentials;
    @Inject Authenticator authenticator;
    @Inject UserGroupRepository groups;
    @Inject AccessCache access;
    @Inject WharfConfig config;
    @Inject AuditLog audit;

    /** The fields a request may set; there is deliberately no admin flag here. */
    public record NewUser(String username, String email, String realname, String comment, String password) {}

    public UserAccount create(Caller caller, NewUser request) {
        if (!(caller.isAnonymous() && config.selfRegistration())) {
            Permissions.require(caller, Permission.USER_CREATE, null, null, "create users");
        }
        if (request == null || request.username() == null || !USERNAME.matcher(request.username()).matches()) {
            throw WharfException.badRequest("username must be 1 to 255 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        PasswordPolicy.check(request.password());
        if (request.email() != null && !request.email().isBlank() && !request.email().matches("[^@\\s]+@[^@\\s]+")) {
            throw WharfException.badRequest("email is not an e-mail address");
        }
        // The columns' sizes: a longer value would fail in the database instead of here.
        checkLength("email", request.email(), 255);
        checkLength("realname", request.realname(), 255);
        checkLength("comment", request.comment(), 1024);
        if (users.byName(request.username()).isPresent()) {
            throw WharfException.conflict("user " + request.username() + " already exists");
        }
        return users.add(new UserAccount(request.username(), request.email(), request.realname(),
                request.comment(), HASHER.hash(request.password())));
    }

    public Page<UserAccount> list(Caller caller, Integer page, Integer pageSize) {
        return list(caller, null, page, pageSize);
    }

    /** Every user, or those whose name contains the fragment (Harbor's {@code q=username=~...}). */
    public Page<UserAccount> list(Caller caller, String fragment, Integer page, Integer pageSize) {
        Permissions.require(caller, Permission.USER_LIST, null, null, "list users");
        int[] p = Page.normalize(page, pageSize);
        if (fragment != null && !fragment.isBlank()) {
            return new Page<>(users.search(fragment.strip(), (p[0] - 1) * p[1], p[1]), users.countSearch(fragment.strip()), p[0], p[1]);
        }
        return new Page<>(users.page((p[0] - 1) * p[1], p[1]), users.count(), p[0], p[1]);
    }

    public UserAccount get(Caller caller, long id) {
        Permissions.require(caller, Permission.USER_READ, null, id, "read other users");
        return users.byId(id).orElseThrow(() -> WharfException.notFound("user " + id + " not found"));
    }

    public void setSysadmin(Caller caller, long id, boolean admin) {
        Permissions.require(caller, Permission.USER_SYSADMIN_UPDATE, null, null, "change who is an administrator");
        if (Long.valueOf(id).equals(caller.userId()) && !admin) {
            throw WharfException.badRequest("an administrator cannot remove their own admin role");
        }
        UserAccount user = users.byId(id).orElseThrow(() -> WharfException.notFound("user " + id + " not found"));
        boolean demoted = user.isSysadmin() && !admin;
        user.changeSysadmin(admin);
        if (demoted) revocations.revoke(user.getUsername());
        access.changed();
    }

    /**
     * Disables or enables a user (administrators; a Wharf extension of Harbor's API). A disabled
     * user cannot sign in by any path; their portal sessions end at once and their registry tokens
     * are refused at the gateway within the revocation window. Never oneself, never the last
     * administrator who can sign in. Each change is in the audit log.
     */
    public void setDisabled(Caller caller, long id, boolean disabled) {
        Permissions.require(caller, Permission.USER_DISABLE, null, null, "disable or enable users");
        if (disabled && Long.valueOf(id).equals(caller.userId())) {
            throw WharfException.badRequest("an administrator cannot disable themself");
        }
        UserAccount user = users.byId(id).orElseThrow(() -> WharfException.notFound("user " + id + " not found"));
        if (users.isDisabled(id) == disabled) return;
        if (disabled && user.isSysadmin() && users.countEnabledAdmins() <= 1) {
            throw WharfException.badRequest("the last administrator who can sign in cannot be disabled");
        }
        if (disabled) {
            users.disable(id, caller.username());
            credentials.forget(user.getUsername());
            revocations.revoke(user.getUsername());
        } else {
            users.enable(id);
        }
        access.changed();
        audit.add(new AuditLogEntry(0L, caller.username(), user.getUsername(), "user", disabled ? "disable" : "enable", Instant.now()));
    }

    /** Whether an administrator disabled this user. */
    public boolean isDisabled(long id) { return users.isDisabled(id); }

    /** Which of these users are disabled (for listings). */
    public java.util.Set<Long> disabledAmong(java.util.Collection<Long> ids) { return users.disabledAmong(ids); }

    public void changePassword(Caller caller, long id, String oldPassword, String newPassword) {
        UserAccount user = get(caller, id);
        boolean self = Long.valueOf(id).equals(caller.userId());
        if (self && !HASHER.verify(oldPassword, user.getPasswordHash())) {
            throw WharfException.badRequest("old_password is wrong");
        }
        PasswordPolicy.check(newPassword);
        user.changePasswordHash(HASHER.hash(newPassword));
        credentials.forget(user.getUsername());
        revocations.revoke(user.getUsername());
        access.changed();
    }

    /** Harbor's user search: names containing the fragment, for any signed-in user (to add members). */
    public Page<UserAccount> search(Caller caller, String fragment, Integer page, Integer pageSize) {
        if (caller.isAnonymous()) throw WharfException.unauthorized("sign in to search users");
        if (fragment == null || fragment.isBlank()) throw WharfException.badRequest("username is required");
        int[] p = Page.normalize(page, pageSize);
        return new Page<>(users.search(fragment.strip(), (p[0] - 1) * p[1], p[1]), users.countSearch(fragment.strip()), p[0], p[1]);
    }

    /** Changes e-mail, real name and comment: the user themself or an administrator. */
    public UserAccount updateProfile(Caller caller, long id, String email, String realname, String comment) {
        UserAccount user = get(caller, id);
        if (email != null && !email.isBlank() && !email.matches("[^@\\s]+@[^@\\s]+")) {
            throw WharfException.badRequest("email is not an e-mail address");
        }
        user.changeProfile(email == null ? user.getEmail() : email, realname == null ? user.getRealname() : realname,
                comment == null ? user.getComment() : comment);
        return user;
    }

    /** The user these credentials belong to, or empty. */
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public Optional<UserAccount> authenticate(String username, String password) {
        return authenticator.signIn(username, password).flatMap(c -> users.byId(c.userId()));
    }

    public Optional<UserAccount> byName(String username) { return users.byName(username); }

    /** The user with this id, without an access check: for the portal's session lookup only. */
    public Optional<UserAccount> byId(long id) { return users.byId(id); }

    /**
     * Deletes a user (administrators; never oneself): their memberships go with them, their portal
     * sessions end at once (a session re-reads its user on every request) and their registry tokens
     * stop working at the gateway.
     */
    public void delete(Caller caller, long id) {
        Permissions.require(caller, Permission.USER_DELETE, null, null, "delete users");
        if (Long.valueOf(id).equals(caller.userId())) throw WharfException.forbidden("you cannot delete yourself");
        UserAccount user = users.byId(id).orElseThrow(() -> WharfException.notFound("user " + id + " not found"));
        projects.membershipsOf(id).forEach(projects::removeMember);
        groups.replaceLinks(id, java.util.List.of());
        users.enable(id);
        users.remove(user);
        credentials.forget(user.getUsername());
        revocations.revoke(user.getUsername());
        access.changed();
    }

    private static void checkLength(String field, String value, int max) {
        if (value != null && value.length() > max) throw WharfException.badRequest(field + " is longer than " + max + " characters");
    }
}
