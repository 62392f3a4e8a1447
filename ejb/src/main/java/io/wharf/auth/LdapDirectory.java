package io.wharf.auth;

import java.util.ArrayList;
import java.util.Hashtable;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.naming.AuthenticationException;
import javax.naming.Context;
import javax.naming.NamingEnumeration;
import javax.naming.NamingException;
import javax.naming.directory.Attribute;
import javax.naming.directory.Attributes;
import javax.naming.directory.SearchControls;
import javax.naming.directory.SearchResult;
import javax.naming.ldap.InitialLdapContext;
import javax.naming.ldap.LdapContext;
import javax.naming.ldap.StartTlsRequest;
import javax.naming.ldap.StartTlsResponse;
import javax.net.ssl.SSLSocketFactory;

/**
 * One conversation with the directory over JNDI's LDAP provider: connect (ldap://, ldaps:// or
 * StartTLS), bind, search. Every value a user typed goes into filters through {@link LdapFilter}.
 * Holds one connection; close it.
 */
public final class LdapDirectory implements AutoCloseable {
    private static final int MAX_RESULTS = 100;

    /** A user entry as sign-in and search need it. */
    public record Entry(String dn, String uid, String email, String realname, List<String> memberOf) {}

    /** A group entry. */
    public record Group(String dn, String name) {}

    /** The directory could not be reached or refused the configured search account. */
    public static final class Unavailable extends Exception {
        Unavailable(String message, Throwable cause) { super(message, cause); }
    }

    private final LdapSettings settings;
    private final LdapContext context;
    private final StartTlsResponse tls;

    private LdapDirectory(LdapSettings settings, LdapContext context, StartTlsResponse tls) {
        this.settings = settings;
        this.context = context;
        this.tls = tls;
    }

    /** Binds with the configured search DN (anonymously when there is none). */
    public static LdapDirectory open(LdapSettings settings) throws Unavailable {
        try {
            return connect(settings, settings.searchDn(), settings.searchPassword());
        } catch (AuthenticationException e) {
            throw new Unavailable("the directory refused the search DN's credentials (ldap_search_dn, ldap_search_password)", e);
        } catch (NamingException e) {
            throw new Unavailable("cannot reach the LDAP server at " + settings.providerUrl() + ": " + reason(e), e);
        }
    }

    /** Whether the directory accepts this DN and password (an empty password never: that would be an anonymous bind). */
    public static boolean canBind(LdapSettings settings, String dn, String password) throws Unavailable {
        if (password == null || password.isEmpty()) return false;
        try (LdapDirectory d = connect(settings, dn, password)) {
            return true;
        } catch (AuthenticationException e) {
            return false;
        } catch (NamingException e) {
            throw new Unavailable("cannot reach the LDAP server at " + settings.providerUrl() + ": " + reason(e), e);
        }
    }

    private static LdapDirectory connect(LdapSettings s, String dn, String password) throws NamingException {
        Hashtable<String, Object> env = new Hashtable<>();
        env.put(Context.INITIAL_CONTEXT_FACTORY, "com.sun.jndi.ldap.LdapCtxFactory");
        env.put(Context.PROVIDER_URL, s.providerUrl());
        env.put("com.sun.jndi.ldap.connect.timeout", String.valueOf(s.timeoutSeconds() * 1000L));
        env.put("com.sun.jndi.ldap.read.timeout", String.valueOf(s.timeoutSeconds() * 1000L));
        env.put(Context.REFERRAL, "ignore");
        if (s.isLdaps() && !s.verifyCert()) env.put("java.naming.ldap.factory.socket", TrustingSocketFactory.class.getName());
        boolean bind = dn != null && !dn.isBlank();
        if (s.startTls()) {
            env.put(Context.SECURITY_AUTHENTICATION, "none");
            LdapContext ctx = new InitialLdapContext(env, null);
            StartTlsResponse tls = null;
            try {
                tls = (StartTlsResponse) ctx.extendedOperation(new StartTlsRequest());
                if (!s.verifyCert()) tls.setHostnameVerifier((host, session) -> true);
                tls.negotiate(s.verifyCert() ? (SSLSocketFactory) SSLSocketFactory.getDefault() : TrustingSocketFactory.instance());
                if (bind) {
                    ctx.addToEnvironment(Context.SECURITY_AUTHENTICATION, "simple");
                    ctx.addToEnvironment(Context.SECURITY_PRINCIPAL, dn);
                    ctx.addToEnvironment(Context.SECURITY_CREDENTIALS, password == null ? "" : password);
                    ctx.getAttributes("", new String[] {"1.1"}); // the bind happens with the next operation
                }
                return new LdapDirectory(s, ctx, tls);
            } catch (NamingException | java.io.IOException | RuntimeException e) {
                try { if (tls != null) tls.close(); } catch (java.io.IOException ignored) { }
                ctx.close();
                if (e instanceof NamingException n) throw n;
                NamingException n = new javax.naming.CommunicationException("StartTLS failed: " + e.getMessage());
                n.setRootCause(e);
                throw n;
            }
        }
        if (bind) {
            env.put(Context.SECURITY_AUTHENTICATION, "simple");
            env.put(Context.SECURITY_PRINCIPAL, dn);
            env.put(Context.SECURITY_CREDENTIALS, password == null ? "" : password);
        } else {
            env.put(Context.SECURITY_AUTHENTICATION, "none");
        }
        return new LdapDirectory(s, new InitialLdapContext(env, null), null);
    }

    /** Users whose uid attribute equals the name (escaped), inside the configured filter and base. */
    public List<Entry> findUsers(String username) throws Unavailable {
        String assertion = username == null || username.isEmpty() ? "(" + settings.uid() + "=*)"
                : LdapFilter.equality(settings.uid(), username);
        String filter = LdapFilter.and(settings.filter(), assertion);
        List<Entry> out = new ArrayList<>();
        String[] attrs = {settings.uid(), "cn", "displayName", "mail", "email", settings.groupMembershipAttribute()};
        try {
            NamingEnumeration<SearchResult> results = context.search(settings.baseDn(), filter,
                    controls(settings.scope(), attrs));
            while (results.hasMore() && out.size() < MAX_RESULTS) {
                SearchResult r = results.next();
                Attributes a = r.getAttributes();
                String uid = first(a, settings.uid()).orElse(username);
                String email = first(a, "mail").or(() -> first(a, "email")).orElse(null);
                String realname = first(a, "displayName").or(() -> first(a, "cn")).orElse(uid);
                out.add(new Entry(r.getNameInNamespace(), uid, email, realname, all(a, settings.groupMembershipAttribute())));
            }
            results.close();
        } catch (javax.naming.SizeLimitExceededException e) {
            // more than a page: the first ones are enough for a search box
        } catch (javax.naming.NameNotFoundException e) {
            return List.of(); // the base DN does not exist
        } catch (NamingException e) {
            throw new Unavailable("LDAP search failed: " + reason(e), e);
        }
        return out;
    }

    /** The DNs of the groups that list this user as a member, under the group base DN. */
    public Set<String> groupsOf(Entry user) throws Unavailable {
        Set<String> dns = new LinkedHashSet<>(user.memberOf());
        if (settings.groupBaseDn() == null || settings.groupBaseDn().isBlank()) return dns;
        String member = "(|" + LdapFilter.equality("member", user.dn()) + LdapFilter.equality("uniqueMember", user.dn())
                + LdapFilter.equality("memberUid", user.uid()) + ")";
        for (Group g : searchGroups(LdapFilter.and(settings.groupSearchFilter(), member), settings.groupBaseDn(),
                settings.groupSearchScope())) {
            dns.add(g.dn());
        }
        return dns;
    }

    /** Groups whose name attribute equals the name, or the group at this DN (when dn is given). */
    public List<Group> findGroups(String name, String dn) throws Unavailable {
        if (dn != null && !dn.isBlank()) {
            String filter = LdapFilter.wrap(settings.groupSearchFilter());
            return searchGroups(filter.isEmpty() ? "(objectClass=*)" : filter, dn, SearchControls.OBJECT_SCOPE);
        }
        String assertion = name == null || name.isEmpty() ? "(" + settings.groupAttributeName() + "=*)"
                : LdapFilter.equality(settings.groupAttributeName(), name);
        String base = settings.groupBaseDn() == null || settings.groupBaseDn().isBlank() ? settings.baseDn() : settings.groupBaseDn();
        return searchGroups(LdapFilter.and(settings.groupSearchFilter(), assertion), base, settings.groupSearchScope());
    }

    private List<Group> searchGroups(String filter, String base, int scope) throws Unavailable {
        List<Group> out = new ArrayList<>();
        try {
            NamingEnumeration<SearchResult> results = context.search(base, filter,
                    controls(scope, new String[] {settings.groupAttributeName()}));
            while (results.hasMore() && out.size() < MAX_RESULTS) {
                SearchResult r = results.next();
                out.add(new Group(r.getNameInNamespace(), first(r.getAttributes(), settings.groupAttributeName())
                        .orElse(r.getNameInNamespace())));
            }
            results.close();
        } catch (javax.naming.SizeLimitExceededException e) {
            // a page is enough
        } catch (javax.naming.NameNotFoundException | javax.naming.InvalidNameException e) {
            return List.of();
        } catch (NamingException e) {
            throw new Unavailable("LDAP group search failed: " + reason(e), e);
        }
        return out;
    }

    private SearchControls controls(int scope, String[] attributes) {
        SearchControls c = new SearchControls();
        c.setSearchScope(scope);
        c.setCountLimit(MAX_RESULTS + 1L);
        c.setTimeLimit(settings.timeoutSeconds() * 1000);
        c.setReturningAttributes(attributes);
        return c;
    }

    private static Optional<String> first(Attributes a, String name) {
        List<String> values = all(a, name);
        return values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    private static List<String> all(Attributes a, String name) {
        Attribute attr = a.get(name);
        List<String> out = new ArrayList<>();
        if (attr == null) return out;
        try {
            for (int i = 0; i < attr.size(); i++) out.add(attr.get(i).toString());
        } catch (NamingException e) {
            // an attribute whose values cannot be read counts as absent
        }
        return out;
    }

    /** The cause without the password or DN JNDI may add to some messages. */
    private static String reason(NamingException e) {
        Throwable root = e.getRootCause() != null ? e.getRootCause() : e;
        String kind = root.getClass().getSimpleName();
        return kind.equals("CommunicationException") || root instanceof java.io.IOException ? "connection failed (" + kind + ")"
                : e.getClass().getSimpleName();
    }

    @Override
    public void close() {
        try {
            if (tls != null) tls.close();
        } catch (java.io.IOException ignored) {
            // the connection goes with the context
        }
        try {
            context.close();
        } catch (NamingException ignored) {
            // nothing left to release
        }
    }
}
