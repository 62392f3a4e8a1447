package io.wharf.project;

import io.wharf.common.Page;
import io.wharf.common.WharfException;
import io.wharf.config.WharfConfig;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.regex.Pattern;

/** Creating, finding and authenticating users. */
@Stateless
public class UserService {
    private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,254}");
    static final PasswordHasher HASHER = new PasswordHasher();

    @Inject UserRepository users;
    @Inject CredentialCache credentials;
    @Inject Authenticator authenticator;
    @Inject AccessCache access;
    @Inject WharfConfig config;

    /** The fields a request may set; there is deliberately no admin flag here. */
    public record NewUser(String username, String email, String realname, String comment, String password) {}

    public UserAccount create(Caller caller, NewUser request) {
        if (!caller.sysadmin() && !(caller.isAnonymous() && config.selfRegistration())) {
            throw caller.isAnonymous() ? WharfException.unauthorized("sign in as an administrator to create users")
                    : WharfException.forbidden("only administrators can create users");
        }
        if (request == null || request.username() == null || !USERNAME.matcher(request.username()).matches()) {
            throw WharfException.badRequest("username must be 1 to 255 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        PasswordPolicy.check(request.password());
        if (request.email() != null && !request.email().isBlank() && !request.email().matches("[^@\\s]+@[^@\\s]+")) {
            throw WharfException.badRequest("email is not an e-mail address");
        }
        if (users.byName(request.username()).isPresent()) {
            throw WharfException.conflict("user " + request.username() + " already exists");
        }
        return users.add(new UserAccount(request.username(), request.email(), request.realname(),
                request.comment(), HASHER.hash(request.password())));
    }

    public Page<UserAccount> list(Caller caller, Integer page, Integer pageSize) {
        requireAdmin(caller);
        int[] p = Page.normalize(page, pageSize);
        return new Page<>(users.page((p[0] - 1) * p[1], p[1]), users.count(), p[0], p[1]);
    }

    public UserAccount get(Caller caller, long id) {
        if (!caller.sysadmin() && !Long.valueOf(id).equals(caller.userId())) {
            if (caller.isAnonymous()) throw WharfException.unauthorized("sign in to read users");
            throw WharfException.forbidden("you can read only your own user");
        }
        return users.byId(id).orElseThrow(() -> WharfException.notFound("user " + id + " not found"));
    }

    public void setSysadmin(Caller caller, long id, boolean admin) {
        requireAdmin(caller);
        if (Long.valueOf(id).equals(caller.userId()) && !admin) {
            throw WharfException.badRequest("an administrator cannot remove their own admin role");
        }
        users.byId(id).orElseThrow(() -> WharfException.notFound("user " + id + " not found")).changeSysadmin(admin);
        access.changed();
    }

    public void changePassword(Caller caller, long id, String oldPassword, String newPassword) {
        UserAccount user = get(caller, id);
        boolean self = Long.valueOf(id).equals(caller.userId());
        if (self && !HASHER.verify(oldPassword, user.getPasswordHash())) {
            throw WharfException.badRequest("old_password is wrong");
        }
        PasswordPolicy.check(newPassword);
        user.changePasswordHash(HASHER.hash(newPassword));
        credentials.forget(user.getUsername());
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

    private static void requireAdmin(Caller caller) {
        if (caller.sysadmin()) return;
        if (caller.isAnonymous()) throw WharfException.unauthorized("sign in as an administrator");
        throw WharfException.forbidden("only administrators can do this");
    }
}
