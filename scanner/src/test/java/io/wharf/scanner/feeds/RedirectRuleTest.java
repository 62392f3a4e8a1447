package io.wharf.scanner.feeds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import org.junit.jupiter.api.Test;

class RedirectRuleTest {
    private static final URI OSV = URI.create("https://osv-vulnerabilities.storage.googleapis.com/npm/all.zip");

    @Test
    void httpsToHttpsIsFollowedRelativeLocationsIncluded() throws IOException {
        assertEquals(URI.create("https://mirror.example.org/npm/all.zip"),
                RedirectRule.follow(OSV, "https://mirror.example.org/npm/all.zip"));
        assertEquals(URI.create("https://osv-vulnerabilities.storage.googleapis.com/v2/npm/all.zip"),
                RedirectRule.follow(OSV, "/v2/npm/all.zip"));
    }

    @Test
    void httpsToHttpIsRefused() {
        IOException e = assertThrows(IOException.class, () -> RedirectRule.follow(OSV, "http://mirror.example.org/all.zip"));
        assertTrue(e.getMessage().contains("only https to https"), e.getMessage());
        assertFalse(RedirectRule.allowed(OSV, URI.create("ftp://mirror.example.org/all.zip")));
    }

    @Test
    void plainHttpSourcesDoNotFollowRedirectsAtAll() {
        URI local = URI.create("http://mirror.local/npm/all.zip");
        assertFalse(RedirectRule.allowed(local, URI.create("https://mirror.local/npm/all.zip")));
        assertFalse(RedirectRule.allowed(local, URI.create("http://mirror.local/other.zip")));
    }

    @Test
    void aRedirectCarryingAKeyIsReportedWithoutItsQuery() {
        IOException e = assertThrows(IOException.class,
                () -> RedirectRule.follow(OSV, "http://evil.example/x?apiKey=secret-value"));
        assertFalse(e.getMessage().contains("secret-value"), e.getMessage());
    }
}
