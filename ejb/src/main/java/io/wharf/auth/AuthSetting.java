package io.wharf.auth;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One authentication setting ({@code auth_mode}, {@code ldap_url} ...) as Harbor names it. */
@Entity
@Table(name = "auth_setting")
public class AuthSetting {
    @Id
    @Column(name = "name", length = 64)
    private String name;

    @Column(name = "setting_value", length = 4096)
    private String value;

    @Column(name = "update_time", nullable = false)
    private Instant updateTime;

    protected AuthSetting() {}

    AuthSetting(String name, String value) {
        this.name = name;
        this.value = value;
        this.updateTime = Instant.now();
    }

    public String getName() { return name; }
    public String getValue() { return value; }

    void change(String value) { this.value = value; this.updateTime = Instant.now(); }
}
