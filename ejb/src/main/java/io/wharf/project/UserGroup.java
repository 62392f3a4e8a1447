package io.wharf.project;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** Harbor's user group: a directory group (type {@value #LDAP}) named by its DN, which can be a project member. */
@Entity
@Table(name = "user_group")
public class UserGroup {
    public static final int LDAP = 1;

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "group_name", nullable = false, length = 255)
    private String groupName;

    @Column(name = "group_type", nullable = false)
    private int groupType;

    @Column(name = "ldap_group_dn", length = 512)
    private String ldapGroupDn;

    @Column(name = "creation_time", nullable = false)
    private Instant creationTime;

    @Column(name = "update_time", nullable = false)
    private Instant updateTime;

    protected UserGroup() {}

    public UserGroup(String groupName, int groupType, String ldapGroupDn) {
        this.groupName = groupName;
        this.groupType = groupType;
        this.ldapGroupDn = ldapGroupDn == null ? null : normalizeDn(ldapGroupDn);
        this.creationTime = Instant.now();
        this.updateTime = creationTime;
    }

    public Long getId() { return id; }
    public String getGroupName() { return groupName; }
    public int getGroupType() { return groupType; }
    public String getLdapGroupDn() { return ldapGroupDn; }
    public Instant getCreationTime() { return creationTime; }

    /**
     * A DN in one spelling (RFC 4514 parsed, attribute types and values lower case, no spaces around
     * separators), so that a group the directory names {@code CN=Ops, dc=Example} is the one an
     * administrator added as {@code cn=ops,dc=example}. A malformed DN is a 400.
     */
    public static String normalizeDn(String dn) {
        try {
            javax.naming.ldap.LdapName name = new javax.naming.ldap.LdapName(dn.strip());
            StringBuilder b = new StringBuilder();
            for (int i = name.size() - 1; i >= 0; i--) {
                if (b.length() > 0) b.append(',');
                b.append(name.getRdn(i).toString().toLowerCase(java.util.Locale.ROOT));
            }
            return b.toString();
        } catch (javax.naming.InvalidNameException | IndexOutOfBoundsException e) {
            throw io.wharf.common.WharfException.badRequest("not a valid LDAP DN: " + dn);
        }
    }

    /** A name for a group known only by its DN: the value of its first RDN ({@code devs} for {@code cn=devs,ou=groups}). */
    public static String nameOf(String dn) {
        try {
            javax.naming.ldap.LdapName name = new javax.naming.ldap.LdapName(dn.strip());
            return name.isEmpty() ? dn.strip() : String.valueOf(name.getRdn(name.size() - 1).getValue());
        } catch (javax.naming.InvalidNameException e) {
            throw io.wharf.common.WharfException.badRequest("not a valid LDAP DN: " + dn);
        }
    }

    void rename(String name) { this.groupName = name; this.updateTime = Instant.now(); }
}
