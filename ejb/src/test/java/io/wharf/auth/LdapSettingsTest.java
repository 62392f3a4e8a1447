package io.wharf.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wharf.common.WharfException;
import org.junit.jupiter.api.Test;

class LdapSettingsTest {
    private static LdapSettings with(String url, boolean startTls, String baseDn, String filter, String uid, int scope) {
        return new LdapSettings(url, startTls, "cn=admin,dc=example,dc=org", "pw", baseDn, filter, uid, scope, 5, true,
                "", "", "cn", 2, "", "memberof");
    }

    private static String refusal(LdapSettings s) {
        WharfException e = assertThrows(WharfException.class, s::validated);
        assertEquals(400, e.status());
        return e.getMessage();
    }

    @Test
    void theUrlGetsItsSchemeAndDefaultPort() {
        assertEquals("ldap://dir.example.org:389", with("dir.example.org", false, "dc=example", "", "uid", 2).validated().providerUrl());
        assertEquals("ldaps://dir.example.org:636", with("ldaps://dir.example.org", false, "dc=example", "", "uid", 2).validated().providerUrl());
        assertEquals("ldap://127.0.0.1:22600", with("ldap://127.0.0.1:22600/", true, "dc=example", "", "uid", 2).validated().providerUrl());
        assertTrue(with("LDAPS://h", false, "dc=x", "", "uid", 2).isLdaps());
        assertFalse(with("ldap://h", false, "dc=x", "", "uid", 2).isLdaps());
    }

    @Test
    void settingsThatCouldNeverWorkAreRefusedNamingTheKey() {
        assertTrue(refusal(with("http://dir.example.org", false, "dc=x", "", "uid", 2)).contains("ldap_url"));
        assertTrue(refusal(with("ldap://dir.example.org/dc=x", false, "dc=x", "", "uid", 2)).contains("ldap_url"));
        assertTrue(refusal(with("", false, "dc=x", "", "uid", 2)).contains("ldap_url"));
        assertTrue(refusal(with("ldaps://h", true, "dc=x", "", "uid", 2)).contains("ldap_starttls"));
        assertTrue(refusal(with("ldap://h", false, "", "", "uid", 2)).contains("ldap_base_dn"));
        assertTrue(refusal(with("ldap://h", false, "not a dn", "", "uid", 2)).contains("ldap_base_dn"));
        assertTrue(refusal(with("ldap://h", false, "dc=x", "", "uid", 3)).contains("ldap_scope"));
        assertTrue(refusal(with("ldap://h", false, "dc=x", "(objectClass=person", "uid", 2)).contains("ldap_filter"));
        assertTrue(refusal(with("ldap://h", false, "dc=x", "", "uid)(cn=*", 2)).contains("ldap_uid"));
    }
}
