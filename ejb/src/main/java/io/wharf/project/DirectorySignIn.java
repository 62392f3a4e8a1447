package io.wharf.project;

import java.util.Optional;

/**
 * A sign-in that an external directory answers instead of Wharf's own password table (LDAP). The
 * {@link Authenticator} asks each one whether it handles a user name; the local {@code admin} is
 * never handed over, so it keeps working when the directory is down.
 */
public interface DirectorySignIn {
    /** Whether this directory, as configured now, decides for this user name. */
    boolean handles(String username);

    /**
     * The caller for these credentials, or empty when they are wrong. Throws a
     * {@link io.wharf.common.WharfException} with a clear message when the directory cannot be asked.
     */
    Optional<Caller> signIn(String username, String password);
}
