package io.wharf.web.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SessionCookiesTest {
    @Test
    void theSessionCookieIsHiddenFromScriptsAndOtherSites() {
        assertEquals("sid=abc; Path=/; HttpOnly; SameSite=Strict", SessionCookies.session("abc", false));
        assertTrue(SessionCookies.session("abc", true).endsWith("; Secure"));
    }

    @Test
    void theCsrfCookieIsReadableByThePageOnly() {
        String c = SessionCookies.csrf("tok", false);
        assertFalse(c.contains("HttpOnly"), c);
        assertTrue(c.contains("SameSite=Strict"), c);
    }

    @Test
    void clearingExpiresBoth() {
        String[] cleared = SessionCookies.cleared(false);
        assertTrue(cleared[0].startsWith("sid=;") && cleared[0].contains("Max-Age=0"), cleared[0]);
        assertTrue(cleared[1].startsWith("__csrf=;") && cleared[1].contains("Max-Age=0"), cleared[1]);
    }
}
