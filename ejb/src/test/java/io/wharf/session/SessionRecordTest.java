package io.wharf.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class SessionRecordTest {
    @Test
    void secretsAreLongRandomAndUrlSafe() {
        String a = SessionRecord.newSecret();
        String b = SessionRecord.newSecret();
        assertNotEquals(a, b);
        assertTrue(SessionRecord.looksLikeSecret(a), a);
        assertFalse(SessionRecord.looksLikeSecret("short"));
        assertFalse(SessionRecord.looksLikeSecret(null));
        assertFalse(SessionRecord.looksLikeSecret(a.substring(1) + "="));
    }

    @Test
    void theKeyHidesTheSessionId() {
        String id = SessionRecord.newSecret();
        String key = SessionRecord.key("wharf", id);
        assertTrue(key.startsWith("wharf:session:"), key);
        assertFalse(key.contains(id));
        assertEquals(key, SessionRecord.key("wharf", id));
    }

    @Test
    void encodesAndDecodes() {
        SessionRecord r = new SessionRecord(42, SessionRecord.newSecret(), SessionRecord.stamp("$pbkdf2$x"));
        assertEquals(Optional.of(r), SessionRecord.decode(r.encode()));
        assertEquals(Optional.empty(), SessionRecord.decode("garbage"));
        assertEquals(Optional.empty(), SessionRecord.decode(null));
        assertFalse(r.toString().contains(r.csrfToken()));
    }

    @Test
    void aNewPasswordHashChangesTheStamp() {
        assertNotEquals(SessionRecord.stamp("hash-one"), SessionRecord.stamp("hash-two"));
        assertEquals(16, SessionRecord.stamp("hash-one").length());
    }
}
