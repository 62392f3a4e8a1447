package io.wharf.auth;

import io.wharf.common.WharfException;
import java.net.URI;
import java.util.Locale;

/**
 * How to reach and read the LDAP directory, with Harbor's names and defaults. {@link #validated()}
 * refuses what could never work (a URL that is not ldap:// or ldaps://, a scope other than 0, 1, 2, an
 * unbalanced filter, an attribute name with filter syntax in it) with a 400 naming the key.
 *
 * @param url {@code ldap_url}: ldap://host[:389] or ldaps://host[:636]; a bare host means ldap://
 * @param startTls {@code ldap_starttls} (Wharf's own key): upgrade an ldap:// connection with StartTLS
 * @param scope {@code ldap_scope}: 0 base, 1 one level, 2 subtree
 * @param timeoutSeconds {@code ldap_timeout}: connect and read timeout
 */
public record LdapSettings(String url, boolean startTls, String searchDn, String searchPassword, String baseDn,
                           String filter, String uid, int scope, int timeoutSeconds, boolean verifyCert,
                           String groupBaseDn, String groupSearchFilter, String groupAttributeName,
                           int groupSearchScope, String groupAdminDn, String groupMembershipAttribute) {

    public static final LdapSettings DEFAULTS = new LdapSettings("", false, "", null, "", "", "uid", 2, 5, true,
            "", "", "cn", 2, "", "memberof");

    public LdapSettings validated() {
        if (url == null || url.isBlank()) throw WharfException.badRequest("ldap_url is required");
        URI u = uri();
        if (u.getHost() == null || u.getHost().isEmpty()) throw WharfException.badRequest("ldap_url needs a host");
        if (startTls && isLdaps()) throw WharfException.badRequest("ldap_starttls is for ldap:// URLs; ldaps:// is already TLS");
        if (baseDn == null || baseDn.isBlank()) throw WharfException.badRequest("ldap_base_dn is required");
        checkScope("ldap_scope", scope);
        checkScope("ldap_group_search_scope", groupSearchScope);
        if (timeoutSeconds < 1 || timeoutSeconds > 300) throw WharfException.badRequest("ldap_timeout must be 1 to 300 seconds");
        LdapFilter.checkConfigured("ldap_filter", filter);
        LdapFilter.checkConfigured("ldap_group_search_filter", groupSearchFilter);
        LdapFilter.checkAttribute("ldap_uid", uid);
        LdapFilter.checkAttribute("ldap_group_attribute_name", groupAttributeName);
        LdapFilter.checkAttribute("ldap_group_membership_attribute", groupMembershipAttribute);
        for (String[] dn : new String[][] {{"ldap_base_dn", baseDn}, {"ldap_search_dn", searchDn},
                {"ldap_group_base_dn", groupBaseDn}, {"ldap_group_admin_dn", groupAdminDn}}) {
            if (dn[1] != null && !dn[1].isBlank()) {
                try {
                    new javax.naming.ldap.LdapName(dn[1]);
                } catch (javax.naming.InvalidNameException | IllegalArgumentException e) {
                    throw WharfException.badRequest(dn[0] + " is not a valid DN");
                }
            }
        }
        return this;
    }

    /** The URL with its scheme and port made explicit ({@code ldap://host:389}). */
    public String providerUrl() {
        URI u = uri();
        int port = u.getPort() > 0 ? u.getPort() : isLdaps() ? 636 : 389;
        String host = u.getHost().contains(":") && !u.getHost().startsWith("[") ? "[" + u.getHost() + "]" : u.getHost();
        return u.getScheme().toLowerCase(Locale.ROOT) + "://" + host + ":" + port;
    }

    public boolean isLdaps() { return "ldaps".equalsIgnoreCase(uri().getScheme()); }

    private URI uri() {
        String s = url.strip();
        if (!s.contains("://")) s = "ldap://" + s;
        URI u;
        try {
            u = URI.create(s);
        } catch (IllegalArgumentException e) {
            throw WharfException.badRequest("ldap_url is not a URL");
        }
        if (!"ldap".equalsIgnoreCase(u.getScheme()) && !"ldaps".equalsIgnoreCase(u.getScheme())) {
            throw WharfException.badRequest("ldap_url must start with ldap:// or ldaps://");
        }
        if (u.getPath() != null && !u.getPath().isEmpty() && !u.getPath().equals("/")) {
            throw WharfException.badRequest("ldap_url takes no path: the base DN is ldap_base_dn");
        }
        return u;
    }

    private static void checkScope(String key, int scope) {
        if (scope < 0 || scope > 2) throw WharfException.badRequest(key + " must be 0 (base), 1 (one level) or 2 (subtree)");
    }

    /** The same settings with another bind password (to test a connection before saving it). */
    public LdapSettings withSearchPassword(String password) {
        return new LdapSettings(url, startTls, searchDn, password, baseDn, filter, uid, scope, timeoutSeconds, verifyCert,
                groupBaseDn, groupSearchFilter, groupAttributeName, groupSearchScope, groupAdminDn, groupMembershipAttribute);
    }
}
