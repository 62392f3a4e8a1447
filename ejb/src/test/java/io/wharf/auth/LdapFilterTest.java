package io.wharf.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.wharf.common.WharfException;
import org.junit.jupiter.api.Test;

class LdapFilterTest {
    @Test
    void anInjectionAttemptInALoginNameMatchesOnlyItself() {
        assertEquals("(uid=\\2a\\29\\28uid=\\2a)", LdapFilter.equality("uid", "*)(uid=*"));
        assertEquals("(&(objectClass=person)(uid=\\2a\\29\\28|\\28uid=\\2a))", LdapFilter.and("objectClass=person",
                LdapFilter.equality("uid", "*)(|(uid=*")));
    }

    @Test
    void everySpecialCharacterOfRfc4515IsEscaped() {
        assertEquals("a\\5cb\\00c\\28d\\29e\\2a", LdapFilter.escape("a\\b\0c(d)e*"));
        assertEquals("José Müller", LdapFilter.escape("José Müller"), "other characters go as they are (UTF-8 on the wire)");
    }

    @Test
    void aConfiguredFilterIsWrappedAndItsParenthesesChecked() {
        assertEquals("(objectClass=person)", LdapFilter.wrap("objectClass=person"));
        assertEquals("", LdapFilter.wrap("  "));
        LdapFilter.checkConfigured("ldap_filter", "(&(objectClass=person)(!(nsAccountLock=TRUE)))");
        LdapFilter.checkConfigured("ldap_filter", "(cn=a\\29b)");
        assertThrows(WharfException.class, () -> LdapFilter.checkConfigured("ldap_filter", "(&(objectClass=person)"));
        assertThrows(WharfException.class, () -> LdapFilter.checkConfigured("ldap_filter", "(a=b)(c=d)"));
        assertThrows(WharfException.class, () -> LdapFilter.checkConfigured("ldap_filter", "(a=b))"));
    }

    @Test
    void attributeNamesCannotCarryFilterSyntax() {
        LdapFilter.checkAttribute("ldap_uid", "sAMAccountName");
        LdapFilter.checkAttribute("ldap_uid", "0.9.2342.19200300.100.1.1");
        WharfException e = assertThrows(WharfException.class, () -> LdapFilter.checkAttribute("ldap_uid", "uid=*)(cn"));
        assertEquals(400, e.status());
        assertThrows(WharfException.class, () -> LdapFilter.checkAttribute("ldap_uid", ""));
    }
}
