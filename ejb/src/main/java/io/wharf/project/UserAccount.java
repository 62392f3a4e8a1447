package io.wharf.project;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;

/** A person or robot that logs in. {@code sysadmin} is changed only through the admin endpoint. */
@Entity
@Table(name = "wharf_user")
@NamedQuery(name = "UserAccount.byName", query = "select u from UserAccount u where u.username = :name")
@NamedQuery(name = "UserAccount.all", query = "select u from UserAccount u order by u.id")
@NamedQuery(name = "UserAccount.count", query = "select count(u) from UserAccount u")
public class UserAccount {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(nullable = false, unique = true, length = 255)
    private String username;

    @Column(length = 255)
    private String email;

    @Column(length = 255)
    private String realname;

    @Column(name = "user_comment", length = 1024)
    private String comment;

    @Column(name = "password_hash", nullable = false, length = 255)
    private String passwordHash;

    @Column(nullable = false)
    private boolean sysadmin;

    @Column(name = "creation_time", nullable = false)
    private Instant creationTime;

    @Column(name = "update_time", nullable = false)
    private Instant updateTime;

    protected UserAccount() {}

    public UserAccount(String username, String email, String realname, String comment, String passwordHash) {
        this.username = username;
        this.email = email;
        this.realname = realname;
        this.comment = comment;
        this.passwordHash = passwordHash;
        this.creationTime = Instant.now();
        this.updateTime = creationTime;
    }

    public Long getId() { return id; }
    public String getUsername() { return username; }
    public String getEmail() { return email; }
    public String getRealname() { return realname; }
    public String getComment() { return comment; }
    public String getPasswordHash() { return passwordHash; }
    public boolean isSysadmin() { return sysadmin; }
    public Instant getCreationTime() { return creationTime; }
    public Instant getUpdateTime() { return updateTime; }

    void changePasswordHash(String hash) { this.passwordHash = hash; touch(); }
    void changeSysadmin(boolean admin) { this.sysadmin = admin; touch(); }
    void changeProfile(String email, String realname, String comment) {
        this.email = email; this.realname = realname; this.comment = comment; touch();
    }
    private void touch() { this.updateTime = Instant.now(); }

}
