package io.wharf.project;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wharf.common.WharfException;
import org.junit.jupiter.api.Test;

class PasswordHasherTest {
    private final PasswordHasher hasher = new PasswordHasher(1_000);

    @Test
    void verifiesTheRightPasswordOnly() {
        String hash = hasher.hash("Secret123");
        assertTrue(hasher.verify("Secret123", hash));
        assertFalse(hasher.verify("secret123", hash));
        assertFalse(hasher.verify("", hash));
        assertFalse(hasher.verify(null, hash));
    }

    @Test
    void saltsEveryHashAndNeverStoresThePassword() {
        String a = hasher.hash("Secret123");
        String b = hasher.hash("Secret123");
        assertNotEquals(a, b);
        assertFalse(a.contains("Secret123"));
        assertTrue(a.startsWith("pbkdf2-sha256$1000$"));
    }

    @Test
    void aHashKeepsItsOwnIterationCount() {
        String old = new PasswordHasher(500).hash("Secret123");
        assertTrue(new PasswordHasher(2_000).verify("Secret123", old));
    }

    @Test
    void theUnmatchableHashIsShapedLikeARealOneAndMatchesNothing() {
        String real = hasher.hash("Secret123");
        String none = hasher.unmatchable();
        // the same iteration count and field lengths: checking a password against it costs what a real check costs
        String[] r = real.split("\\$"), n = none.split("\\$");
        assertEquals(r.length, n.length);
        for (int i = 0; i < r.length - 2; i++) assertEquals(r[i], n[i]);
        assertEquals(r[2].length(), n[2].length());
        assertEquals(r[3].length(), n[3].length());
        for (String guess : new String[] {"", "Secret123", "not-a-password-0A", "admin"}) {
            assertFalse(hasher.verify(guess, none), guess);
        }
        assertNotEquals(none, hasher.unmatchable());
    }

    @Test
    void defaultIsSlow() {
        assertTrue(PasswordHasher.DEFAULT_ITERATIONS >= 600_000);
    }

    @Test
    void tamperedOrForeignHashesDoNotVerify() {
        String hash = hasher.hash("Secret123");
        assertFalse(hasher.verify("Secret123", hash.replace("$1000$", "$1001$")));
        assertFalse(hasher.verify("Secret123", "plain:Secret123"));
        assertFalse(hasher.verify("Secret123", "pbkdf2-sha256$x$y$z"));
    }

    @Test
    void policyFollowsHarborsRule() {
        PasswordPolicy.check("Harbor12345");
        for (String weak : new String[] {"short1A", "alllowercase1", "ALLUPPERCASE1", "NoDigitsHere", "A1" + "a".repeat(127)}) {
            assertThrows(WharfException.class, () -> PasswordPolicy.check(weak), weak);
        }
    }
}
