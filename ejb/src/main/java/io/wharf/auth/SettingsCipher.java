package io.wharf.auth;

import io.wharf.config.SecretSeal;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Secrets kept in the settings table (the LDAP bind password), sealed like every secret Wharf
 * stores ({@link SecretSeal}: the installation's credential key, never in the database), so a copy
 * of the database alone does not reveal them.
 */
@ApplicationScoped
public class SettingsCipher {
    @Inject SecretSeal seal;

    public String encrypt(String plain) {
        return seal.seal(plain);
    }

    /** The plain text, or null when it cannot be read back (the credential key changed): set it again. */
    public String decrypt(String stored) {
        if (stored == null || stored.isEmpty()) return null;
        try {
            return seal.open(stored);
        } catch (IllegalStateException e) {
            return null;
        }
    }
}
