package io.wharf.project;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A user an administrator disabled: such a user cannot sign in by any path until enabled again. A
 * table of its own (a row while disabled) rather than a column of {@link UserAccount}, whose
 * columns every installation since the first has.
 */
@Entity
@Table(name = "disabled_user")
public class DisabledUser {
    @Id
    @Column(name = "user_id")
    private Long userId;

    @Column(name = "disabled_at", nullable = false)
    private Instant disabledAt;

    @Column(name = "disabled_by", nullable = false, length = 255)
    private String disabledBy;

    protected DisabledUser() {}

    DisabledUser(long userId, String disabledBy) {
        this.userId = userId;
        this.disabledBy = disabledBy;
        this.disabledAt = Instant.now();
    }

    public Long getUserId() { return userId; }
    public Instant getDisabledAt() { return disabledAt; }
    public String getDisabledBy() { return disabledBy; }
}
