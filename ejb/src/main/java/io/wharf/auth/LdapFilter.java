package io.wharf.auth;

import io.wharf.common.WharfException;

/** LDAP search filters (RFC 4515): escaping what a user typed, and checking what an administrator configured. */
public final class LdapFilter {
    private LdapFilter() {}

    /**
     * A value escaped for use inside a filter's assertion: {@code * ( ) \} and NUL become
     * {@code \2a \28 \29 \5c \00}, so a login name such as {@code *)(uid=*} matches only itself.
     */
    public static String escape(String value) {
        StringBuilder b = new StringBuilder(value.length() + 8);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '*' -> b.append("\\2a");
                case '(' -> b.append("\\28");
                case ')' -> b.append("\\29");
                case '\\' -> b.append("\\5c");
                case '\0' -> b.append("\\00");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    /** {@code (attribute=value)} with the value escaped. */
    public static String equality(String attribute, String value) {
        return "(" + attribute + "=" + escape(value) + ")";
    }

    /** Both filters (either may be empty). */
    public static String and(String configured, String assertion) {
        String c = wrap(configured);
        return c.isEmpty() ? assertion : "(&" + c + assertion + ")";
    }

    /** An administrator's filter in parentheses ({@code objectClass=person} is accepted as Harbor accepts it). */
    public static String wrap(String filter) {
        if (filter == null || filter.isBlank()) return "";
        String f = filter.strip();
        return f.startsWith("(") ? f : "(" + f + ")";
    }

    /** Refuses a configured filter whose parentheses do not balance (the directory would refuse every search). */
    public static void checkConfigured(String key, String filter) {
        String f = wrap(filter);
        int depth = 0;
        for (int i = 0; i < f.length(); i++) {
            char c = f.charAt(i);
            if (c == '\\') { i += 2; continue; }
            if (c == '(') depth++;
            if (c == ')' && --depth < 0) break;
            if (depth == 0 && i < f.length() - 1) { depth = -1; break; }
        }
        if (depth != 0) throw WharfException.badRequest(key + " is not a valid LDAP filter: " + filter);
    }

    /** Attribute names (RFC 4512 descr or a numeric OID), so they cannot carry filter syntax. */
    public static void checkAttribute(String key, String attribute) {
        if (attribute == null || !attribute.matches("[A-Za-z][A-Za-z0-9-]{0,63}|[0-9]+(\\.[0-9]+){1,31}")) {
            throw WharfException.badRequest(key + " must be an LDAP attribute name");
        }
    }
}
