package io.wharf.robot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wharf.common.WharfException;
import io.wharf.project.Permission;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A robot's expiry (Harbor counts days from creation) and the permissions a request may give it. */
class RobotTest {
    private static final String PERMS = RobotPermissions.toJson(List.of(new RobotPermissions.Entry("project", "shop",
            List.of(new RobotPermissions.AccessItem("repository", "pull", null)))));

    @Test
    void aRobotExpiresItsDurationInDaysAfterCreationOrNever() {
        Robot oneDay = new Robot("ci", "robot$shop+ci", null, Robot.PROJECT, 1L, "h", false, 1, PERMS, "admin");
        Instant created = oneDay.getCreationTime();
        assertFalse(oneDay.isExpired(created.plusSeconds(86_399)));
        assertTrue(oneDay.isExpired(created.plusSeconds(86_400)));
        Robot never = new Robot("ci", "robot$shop+ci", null, Robot.PROJECT, 1L, "h", false, -1, PERMS, "admin");
        assertEquals(-1, never.getExpiresAt());
        assertFalse(never.isExpired(created.plusSeconds(100L * 365 * 86_400)));
    }

    @Test
    void aProjectRobotMayOnlyHaveKnownAccessesInItsOwnProject() {
        RobotPermissions.Entry other = new RobotPermissions.Entry("project", "other", List.of(new RobotPermissions.AccessItem("repository", "pull", null)));
        assertThrows(WharfException.class, () -> RobotPermissions.check(List.of(other), Robot.PROJECT, "shop"));
        RobotPermissions.Entry all = new RobotPermissions.Entry("project", "*", List.of(new RobotPermissions.AccessItem("repository", "pull", null)));
        assertThrows(WharfException.class, () -> RobotPermissions.check(List.of(all), Robot.PROJECT, "shop"));
        RobotPermissions.Entry members = new RobotPermissions.Entry("project", "shop", List.of(new RobotPermissions.AccessItem("member", "create", null)));
        assertThrows(WharfException.class, () -> RobotPermissions.check(List.of(members), Robot.PROJECT, "shop"));
        RobotPermissions.Entry robots = new RobotPermissions.Entry("project", "shop", List.of(new RobotPermissions.AccessItem("robot", "create", null)));
        assertThrows(WharfException.class, () -> RobotPermissions.check(List.of(robots), Robot.PROJECT, "shop"));
        RobotPermissions.check(List.of(all), Robot.SYSTEM, null);
        assertEquals(java.util.Set.of(Permission.REPOSITORY_PULL, Permission.REPOSITORY_READ, Permission.ARTIFACT_READ, Permission.PROJECT_READ),
                RobotPermissions.rows(RobotPermissions.fromJson(PERMS)).get("shop"));
    }

    @Test
    void generatedSecretsPassThePasswordPolicyAndDiffer() {
        String a = RobotService.newSecret();
        io.wharf.project.PasswordPolicy.check(a);
        assertFalse(a.equals(RobotService.newSecret()));
    }
}
