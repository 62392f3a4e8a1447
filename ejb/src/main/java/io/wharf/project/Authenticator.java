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
    private static final String DUMMY_HASH = UserService.HASHER.hash("not-a-password-0A");

    @Inject AccessCache access;
    @Inject CredentialCache credentials;
    @Inject jakarta.enterprise.inject.Instance<DirectorySignIn> directories;

    public Optional<Caller> signIn(String username, String password) {
        if (username == null || password == null || username.isEmpty() || username.length() > 255) {
            return Optional.empty();
        }
        for (DirectorySignIn directory : directories) {
            if (!username.equals(AdminBootstrap.ADMIN) && directory.handles(username)) return directory.signIn(username, password);
        }
        Optional<AccessCache.KnownUser> user = access.user(username);
        if (user.isEmpty()) {
            // Spend the same time as a real check so that timing does not reveal which users exist.
            UserService.HASHER.verify(password, DUMMY_HASH);
            return Optional.empty();
        }
        String stored = user.get().passwordHash();
        if (credentials.isKnownGood(username, password, stored)) return Optional.of(user.get().caller());
        if (!UserService.HASHER.verify(password, stored)) return Optional.empty();
        credentials.remember(username, password, stored);
        return Optional.of(user.get().caller());
    }
}
