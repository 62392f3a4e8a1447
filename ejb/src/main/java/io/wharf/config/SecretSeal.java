package io.wharf.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Seals the secrets Wharf must keep and use again (a remote registry's password): AES-256-GCM under
 * a key kept in a file of the secret folder, never in the database, so a copy of the database alone
 * reveals nothing. The key file is made on first use (owner-only) when the installation has none.
 */
@ApplicationScoped
public class SecretSeal {
    private static final String PREFIX = "v1:";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject @ConfigProperty(name = "wharf.credential.key", defaultValue = "secret/credential.key")
    String keyPath;

    private volatile SecretKeySpec key;

    public SecretSeal() {}

    /** For tests and the command line: a seal over the key in this file. */
    public SecretSeal(Path keyFile) {
        this.keyPath = keyFile.toString();
    }

    /** The sealed form of a secret (text, safe to store), or null for null. */
    public String seal(String secret) {
        if (secret == null) return null;
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            RANDOM.nextBytes(nonce);
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key(), new GCMParameterSpec(TAG_BITS, nonce));
            byte[] sealed = c.doFinal(secret.getBytes(StandardCharsets.UTF_8));
            return PREFIX + Base64.getEncoder().encodeToString(ByteBuffer.allocate(nonce.length + sealed.length)
                    .put(nonce).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot seal a secret: " + e.getMessage(), e);
        }
    }

    /**
     * The secret a {@link #seal} made, or an exception saying it cannot be opened (another key, or
     * changed): never a wrong secret.
     */
    public String open(String sealed) {
        if (sealed == null) return null;
        if (!sealed.startsWith(PREFIX)) throw new IllegalStateException("not a sealed secret");
        try {
            byte[] all = Base64.getDecoder().decode(sealed.substring(PREFIX.length()));
            if (all.length <= NONCE_BYTES) throw new IllegalStateException("not a sealed secret");
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key(), new GCMParameterSpec(TAG_BITS, all, 0, NONCE_BYTES));
            return new String(c.doFinal(all, NONCE_BYTES, all.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("the stored secret cannot be opened with this installation's key "
                    + "(was " + keyPath + " replaced?)");
        }
    }

    private SecretKeySpec key() {
        SecretKeySpec k = key;
        if (k == null) {
            synchronized (this) {
                if (key == null) key = new SecretKeySpec(readOrCreate(Path.of(keyPath)), "AES");
                k = key;
            }
        }
        return k;
    }

    private static byte[] readOrCreate(Path file) {
        try {
            if (!Files.exists(file)) {
                byte[] fresh = new byte[32];
                RANDOM.nextBytes(fresh);
                if (file.getParent() != null) Files.createDirectories(file.getParent());
                try {
                    Files.write(file, Base64.getEncoder().encode(fresh), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                    try {
                        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
                    } catch (UnsupportedOperationException ignored) {
                        // not a POSIX file system: its own permissions apply
                    }
                } catch (FileAlreadyExistsException raced) {
                    // another server made it first: use theirs
                }
            }
            byte[] k = Base64.getDecoder().decode(Files.readString(file).strip());
            if (k.length != 32) throw new IllegalStateException(file + " does not hold a 256-bit key");
            return k;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the credential key " + file + ": " + e.getMessage(), e);
        }
    }
}
