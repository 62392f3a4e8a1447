package io.wharf.auth;

import io.wharf.audit.AuditLog;
import io.wharf.audit.AuditLogEntry;
import io.wharf.common.WharfException;
import io.wharf.project.Caller;
import io.wharf.project.Permission;
import io.wharf.project.Permissions;
import io.wharf.project.UserRepository;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The authentication settings as Harbor's {@code /configurations} names them, kept in the database
 * so every server of an installation reads the same. The bind password is stored encrypted and is
 * never part of what {@link #current()} answers.
 */
@Stateless
public class AuthSettings {
    public static final String DB_AUTH = "db_auth";
    public static final String LDAP_AUTH = "ldap_auth";
    static final String PASSWORD = "ldap_search_password";
    static final Set<String> STRING_KEYS = Set.of("auth_mode", "ldap_url", "ldap_search_dn", PASSWORD, "ldap_base_dn",
            "ldap_filter", "ldap_uid", "ldap_group_base_dn", "ldap_group_search_filter", "ldap_group_attribute_name",
            "ldap_group_admin_dn", "ldap_group_membership_attribute");
    static final Set<String> INT_KEYS = Set.of("ldap_scope", "ldap_timeout", "ldap_group_search_scope");
    static final Set<String> BOOLEAN_KEYS = Set.of("ldap_verify_cert", "ldap_starttls");

    @PersistenceContext(unitName = "wharf")
    EntityManager em;
    @Inject SettingsCipher cipher;
    @Inject AuthModeCache cache;
    @Inject UserRepository users;
    @Inject AuditLog audit;

    /** What sign-in needs: the mode and, in LDAP mode, the directory's settings with the password. */
    public AuthModeCache.Snapshot snapshot() {
        Map<String, String> stored = stored();
        String mode = stored.getOrDefault("auth_mode", DB_AUTH);
        return new AuthModeCache.Snapshot(mode, ldap(stored));
    }

    /** Every key with its value (the password left out, as Harbor leaves it out). */
    public Map<String, Object> current() {
        Map<String, String> stored = stored();
        LdapSettings l = ldap(stored);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("auth_mode", stored.getOrDefault("auth_mode", DB_AUTH));
        out.put("ldap_url", l.url());
        out.put("ldap_starttls", l.startTls());
        out.put("ldap_search_dn", l.searchDn());
        out.put("ldap_base_dn", l.baseDn());
        out.put("ldap_filter", l.filter());
        out.put("ldap_uid", l.uid());
        out.put("ldap_scope", l.scope());
        out.put("ldap_timeout", l.timeoutSeconds());
        out.put("ldap_verify_cert", l.verifyCert());
        out.put("ldap_group_base_dn", l.groupBaseDn());
        out.put("ldap_group_search_filter", l.groupSearchFilter());
        out.put("ldap_group_attribute_name", l.groupAttributeName());
        out.put("ldap_group_search_scope", l.groupSearchScope());
        out.put("ldap_group_admin_dn", l.groupAdminDn());
        out.put("ldap_group_membership_attribute", l.groupMembershipAttribute());
        return out;
    }

    /**
     * Applies the given keys (others stay). Refuses an unknown auth_mode; refuses changing the mode
     * once users other than admin exist, as Harbor does; checks the LDAP settings whenever the result
     * is LDAP mode, so a typo cannot lock every directory user out.
     */
    public void update(Caller caller, Map<String, Object> changes) {
        Permissions.require(caller, Permission.CONFIGURATION_UPDATE, null, null, "change the configuration");
        Map<String, String> stored = stored();
        Map<String, String> next = new HashMap<>(stored);
        for (Map.Entry<String, Object> e : changes.entrySet()) {
            if (e.getValue() == null) continue;
            next.put(e.getKey(), String.valueOf(e.getValue()).strip());
        }
        String mode = next.getOrDefault("auth_mode", DB_AUTH);
        if (!mode.equals(DB_AUTH) && !mode.equals(LDAP_AUTH)) {
            throw WharfException.badRequest("auth_mode must be db_auth or ldap_auth (others are not supported)");
        }
        if (!mode.equals(stored.getOrDefault("auth_mode", DB_AUTH)) && users.count() > 1) {
            throw WharfException.badRequest("the authentication mode cannot be changed once users other than admin exist");
        }
        if (changes.get(PASSWORD) != null) {
            String plain = String.valueOf(changes.get(PASSWORD));
            next.put(PASSWORD, plain.isEmpty() ? "" : cipher.encrypt(plain));
        }
        LdapSettings ldap = ldap(next);
        if (mode.equals(LDAP_AUTH)) ldap.validated();
        for (Map.Entry<String, String> e : next.entrySet()) {
            if (e.getValue().equals(stored.get(e.getKey()))) continue;
            AuthSetting s = em.find(AuthSetting.class, e.getKey());
            if (s == null) em.persist(new AuthSetting(e.getKey(), e.getValue()));
            else s.change(e.getValue());
        }
        audit.add(new AuditLogEntry(0L, caller.username(), "configurations: " + String.join(", ",
                new java.util.TreeSet<>(changes.keySet())), "configuration", "update", Instant.now()));
        cache.clear();
    }

    /** The stored settings with the password decrypted, for testing a connection. */
    public LdapSettings ldap() { return ldap(stored()); }

    private Map<String, String> stored() {
        Map<String, String> out = new HashMap<>();
        for (AuthSetting s : em.createQuery("select s from AuthSetting s", AuthSetting.class).getResultList()) {
            if (s.getValue() != null) out.put(s.getName(), s.getValue());
        }
        return out;
    }

    private LdapSettings ldap(Map<String, String> m) {
        LdapSettings d = LdapSettings.DEFAULTS;
        return new LdapSettings(m.getOrDefault("ldap_url", d.url()), bool(m, "ldap_starttls", d.startTls()),
                m.getOrDefault("ldap_search_dn", d.searchDn()), cipher.decrypt(m.get(PASSWORD)),
                m.getOrDefault("ldap_base_dn", d.baseDn()), m.getOrDefault("ldap_filter", d.filter()),
                nonEmpty(m, "ldap_uid", d.uid()), integer(m, "ldap_scope", d.scope()), integer(m, "ldap_timeout", d.timeoutSeconds()),
                bool(m, "ldap_verify_cert", d.verifyCert()), m.getOrDefault("ldap_group_base_dn", d.groupBaseDn()),
                m.getOrDefault("ldap_group_search_filter", d.groupSearchFilter()),
                nonEmpty(m, "ldap_group_attribute_name", d.groupAttributeName()),
                integer(m, "ldap_group_search_scope", d.groupSearchScope()), m.getOrDefault("ldap_group_admin_dn", d.groupAdminDn()),
                nonEmpty(m, "ldap_group_membership_attribute", d.groupMembershipAttribute()));
    }

    private static String nonEmpty(Map<String, String> m, String key, String dflt) {
        String v = m.get(key);
        return v == null || v.isBlank() ? dflt : v;
    }

    private static boolean bool(Map<String, String> m, String key, boolean dflt) {
        String v = m.get(key);
        return v == null ? dflt : Boolean.parseBoolean(v);
    }

    private static int integer(Map<String, String> m, String key, int dflt) {
        try {
            return m.get(key) == null ? dflt : Integer.parseInt(m.get(key));
        } catch (NumberFormatException e) {
            return dflt;
        }
    }
}
