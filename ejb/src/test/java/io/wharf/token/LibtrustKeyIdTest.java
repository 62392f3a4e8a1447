package io.wharf.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

class LibtrustKeyIdTest {
    @Test
    void matchesTheKeyIdComputedIndependently() {
        // Expected value computed outside Java: openssl's DER SubjectPublicKeyInfo of the test
        // certificate, SHA-256, first 30 bytes, Python's base64.b32encode, groups of four.
        TokenKeys keys = TestConfigs.keys(TestConfigs.config("token-test", 300));
        assertEquals("F2ZK:OC7Y:CRKN:NATT:X4MM:RREJ:R5WA:MAES:64BR:23JA:IIDV:MRCV", keys.keyId());
    }

    @Test
    void differentKeysHaveDifferentIds() {
        TokenKeys a = TestConfigs.keys(TestConfigs.config("token-test", 300));
        TokenKeys b = TestConfigs.keys(TestConfigs.config("forger", 300));
        assertNotEquals(a.keyId(), b.keyId());
        assertEquals(59, b.keyId().length());
    }
}
