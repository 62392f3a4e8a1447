package io.wharf.project;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;

/**
 * Checks a user name and password. Called on every Basic-authenticated request and token request,
 * so it reads the account from {@link AccessCache} and skips the slow KDF for credentials that
 * {@link CredentialCache} has seen succeed against the same stored hash. Holds no transaction or
 * connection while the KDF runs.
 */
@ApplicationScoped
public class Authenticator {
    private static final String DUMMY_HASH = UserService.HASHER.unmatchable();

    @Inject AccessCache access;
    @Inject CredentialCache credentials;
    @Inject jakarta.enterprise.inject.Instance<DirectorySignIn> directories;

    public Optional<Caller> signIn(String username, String password) {
        if (username == null || password == null || username.isEmpty() || username.length() > 255) {
            return Optional.empty();
        }
        for (DirectorySignIn directory : directories) {
            if (!username.equals(AdminBootstrap.ADMIN) && directory.handles(username)) {
                // A directory user an administrator disabled in Wharf stays out, whatever the directory says.
                return directory.signIn(username, password).filter(c -> !isDisabled(c.username()));
            }
        }
        Optional<AccessCache.KnownUser> user = access.user(username);
        if (user.isEmpty()) {
            // Spend the same time as a real check so that timing does not reveal which users exist.
            UserService.HASHER.verify(password, DUMMY_HASH);
            return Optional.empty();
        }
        String stored = user.get().passwordHash();
        // A disabled user's password is still checked, so that the answer takes as long either way.
        if (credentials.isKnownGood(username, password, stored)) return enabled(user.get());
        if (!UserService.HASHER.verify(password, stored)) return Optional.empty();
        credentials.remember(username, password, stored);
        return enabled(user.get());
    }

    private static Optional<Caller> enabled(AccessCache.KnownUser user) {
        return user.disabled() ? Optional.empty() : Optional.of(user.caller());
    }

    private boolean isDisabled(String username) {
        return access.user(username).map(AccessCache.KnownUser::disabled).orElse(false);
    }
}
