package io.wharf.upstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wharf.common.WharfException;
import org.junit.jupiter.api.Test;

class RegistryEndpointRulesTest {
    @Test
    void urlsAreHttpWithAHostAndNoCredentialsOrQuery() {
        assertEquals("https://registry-1.example:5000/base", RegistryEndpointService.url(" https://registry-1.example:5000/base/ "));
        for (String bad : new String[] {"", "ftp://x", "registry.example", "https://user:pw@r.example", "https://r.example/?a=1", "http://", "https://r ex"}) {
            WharfException e = assertThrows(WharfException.class, () -> RegistryEndpointService.url(bad), bad);
            assertEquals(400, e.status());
            assertTrue(!e.getMessage().contains("pw"), "a URL's password is not echoed");
        }
    }

    @Test
    void typesAreTheOnesWharfSpeaks() {
        assertEquals("docker-registry", RegistryEndpointService.type("docker-registry"));
        assertEquals("harbor", RegistryEndpointService.type("harbor"));
        assertEquals("wharf", RegistryEndpointService.type("wharf"));
        assertEquals(400, assertThrows(WharfException.class, () -> RegistryEndpointService.type("aws-ecr")).status());
        assertEquals(400, assertThrows(WharfException.class, () -> RegistryEndpointService.type(null)).status());
    }

    @Test
    void namesAreRequiredAndBounded() {
        assertEquals("hub", RegistryEndpointService.name(" hub "));
        assertEquals(400, assertThrows(WharfException.class, () -> RegistryEndpointService.name(" ")).status());
        assertEquals(400, assertThrows(WharfException.class, () -> RegistryEndpointService.name("x".repeat(256))).status());
    }
}
