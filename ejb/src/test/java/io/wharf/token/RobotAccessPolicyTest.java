package io.wharf.token;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.wharf.project.Caller;
import io.wharf.project.Permissions;
import io.wharf.project.RobotGrants;
import io.wharf.robot.RobotPermissions;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a robot's registry token carries: the intersection of the scopes asked and the robot's permissions, nothing beyond. */
class RobotAccessPolicyTest {
    private static Caller robot(String... namespaceResourceActions) {
        java.util.List<RobotPermissions.Entry> entries = new java.util.ArrayList<>();
        for (String s : namespaceResourceActions) {
            String[] p = s.split(":");
            entries.add(new RobotPermissions.Entry("project", p[0], List.of(new RobotPermissions.AccessItem(p[1], p[2], "allow"))));
        }
        return Caller.robot(new RobotGrants(7, "robot$shop+ci", RobotPermissions.rows(entries), (Instant) null));
    }

    private static List<Access> grant(Caller caller, String... scopes) {
        return AccessPolicy.grant(caller, Scope.parseAll(List.of(scopes)), (c, project) -> c.robot().actionsIn(project));
    }

    @Test
    void pushAndPullRobotGetsWhatItAsksWithinItsProjectOnly() {
        Caller ci = robot("shop:repository:push", "shop:repository:pull");
        assertEquals(List.of(new Access("repository", "shop/app", List.of("pull", "push"))),
                grant(ci, "repository:shop/app:pull,push,delete", "repository:other/app:pull,push"));
    }

    @Test
    void pullOnlyRobotAskingForPushGetsPullOnly() {
        Caller reader = robot("shop:repository:pull");
        assertEquals(List.of(new Access("repository", "shop/app", List.of("pull"))), grant(reader, "repository:shop/app:push,pull"));
        assertEquals(List.of(), grant(reader, "repository:shop/app:push"));
    }

    @Test
    void wildcardNeedsEveryActionAndSystemRobotOnAllProjectsReachesAny() {
        Caller all = robot("*:repository:pull", "*:repository:push", "*:repository:delete");
        assertEquals(List.of(new Access("repository", "any/app", List.of("pull", "push", "delete", "*"))),
                grant(all, "repository:any/app:*"));
        Caller some = robot("shop:repository:pull");
        assertEquals(List.of(new Access("repository", "shop/app", List.of("pull"))), grant(some, "repository:shop/app:*"));
    }

    @Test
    void robotNeverGetsRobotMemberOrSystemRowsWhateverItHas() {
        Caller ci = robot("shop:repository:push", "shop:repository:pull", "shop:scan:create");
        Permissions.ProjectAccess shop = new Permissions.ProjectAccess(false, java.util.Optional.empty(), "shop");
        Permissions.ProjectAccess other = new Permissions.ProjectAccess(false, java.util.Optional.empty(), "other");
        assertEquals(Permissions.Decision.ALLOWED, Permissions.decide(ci, io.wharf.project.Permission.SCAN_CREATE, shop, null));
        assertEquals(Permissions.Decision.ALLOWED, Permissions.decide(ci, io.wharf.project.Permission.PROJECT_READ, shop, null));
        assertEquals(Permissions.Decision.FORBIDDEN, Permissions.decide(ci, io.wharf.project.Permission.ROBOT_CREATE, shop, null));
        assertEquals(Permissions.Decision.FORBIDDEN, Permissions.decide(ci, io.wharf.project.Permission.MEMBER_CREATE, shop, null));
        assertEquals(Permissions.Decision.FORBIDDEN, Permissions.decide(ci, io.wharf.project.Permission.ARTIFACT_DELETE, shop, null));
        assertEquals(Permissions.Decision.NOT_FOUND, Permissions.decide(ci, io.wharf.project.Permission.REPOSITORY_PULL, other, null));
        assertEquals(Permissions.Decision.FORBIDDEN, Permissions.decide(ci, io.wharf.project.Permission.PROJECT_CREATE, null, null));
        assertEquals(Permissions.Decision.FORBIDDEN, Permissions.decide(ci, io.wharf.project.Permission.USER_LIST, null, null));
    }
}
