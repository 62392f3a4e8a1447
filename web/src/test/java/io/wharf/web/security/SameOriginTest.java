package io.wharf.web.security;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SameOriginTest {
    private static final String BASE = "http://127.0.0.1:8080/";

    @Test
    void noOriginIsANonBrowserClient() {
        assertTrue(SameOrigin.allows(null, "127.0.0.1:8080", BASE, null));
    }

    @Test
    void theHostTheRequestWentToIsAllowed() {
        assertTrue(SameOrigin.allows("http://wharf.local:8080", "wharf.local:8080", BASE, null));
        assertTrue(SameOrigin.allows("https://wharf.example.com", "wharf.example.com", BASE, null));
    }

    @Test
    void theExternalUrlIsAllowedBehindAProxy() {
        assertTrue(SameOrigin.allows("https://registry.example.com", "10.0.0.5:8080", BASE, "https://registry.example.com"));
    }

    @Test
    void anotherSiteIsRefused() {
        assertFalse(SameOrigin.allows("http://evil.example", "127.0.0.1:8080", BASE, null));
        assertFalse(SameOrigin.allows("null", "127.0.0.1:8080", BASE, null));
        assertFalse(SameOrigin.allows("http://127.0.0.1:8081", "127.0.0.1:8080", BASE, "https://registry.example.com"));
    }
}
