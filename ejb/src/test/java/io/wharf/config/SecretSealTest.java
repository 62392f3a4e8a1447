package io.wharf.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretSealTest {
    @TempDir Path dir;

    @Test
    void aSealedSecretOpensWithTheSameKeyAndNeverShowsTheSecret() {
        SecretSeal seal = new SecretSeal(dir.resolve("secret/credential.key"));
        String sealed = seal.seal("s3cr3t-päss");
        assertFalse(sealed.contains("s3cr3t"));
        assertEquals("s3cr3t-päss", seal.open(sealed));
        assertNotEquals(sealed, seal.seal("s3cr3t-päss"), "each seal uses a fresh nonce");
        assertEquals("s3cr3t-päss", new SecretSeal(dir.resolve("secret/credential.key")).open(sealed), "the key file is reused");
    }

    @Test
    void theKeyFileIsMadeOwnerOnly() throws Exception {
        Path key = dir.resolve("k/credential.key");
        new SecretSeal(key).seal("x");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
    }

    @Test
    void anotherKeyOrAChangedSecretIsRefusedNotMisread() {
        String sealed = new SecretSeal(dir.resolve("a.key")).seal("password");
        IllegalStateException other = assertThrows(IllegalStateException.class, () -> new SecretSeal(dir.resolve("b.key")).open(sealed));
        assertTrue(other.getMessage().contains("cannot be opened"));
        char[] c = sealed.toCharArray();
        c[c.length - 3] = c[c.length - 3] == 'A' ? 'B' : 'A';
        assertThrows(IllegalStateException.class, () -> new SecretSeal(dir.resolve("a.key")).open(new String(c)));
        assertThrows(IllegalStateException.class, () -> new SecretSeal(dir.resolve("a.key")).open("password"));
    }
}
