package io.wharf.robot;

import io.wharf.audit.AuditLog;
import io.wharf.audit.AuditLogEntry;
import io.wharf.project.AccessCache;
import io.wharf.project.CredentialCache;
import io.wharf.project.ProjectDeleted;
import io.wharf.project.Revocations;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;

/**
 * A deleted project takes its robots with it, as in Harbor: its project robots are deleted and their
 * tokens revoked, and system robots lose their permissions on it. Robot permissions name projects by
 * name, so a robot left behind would own a new project of the same name.
 */
@ApplicationScoped
public class RobotsOfDeletedProjects {
    @Inject RobotRepository robots;
    @Inject Revocations revocations;
    @Inject CredentialCache credentials;
    @Inject AccessCache access;
    @Inject AuditLog audit;

    void onDelete(@Observes ProjectDeleted deleted) {
        Instant now = Instant.now();
        for (Robot robot : robots.list(deleted.projectId(), Robot.PROJECT)) {
            robots.remove(robot);
            revoke(robot);
            audit.add(new AuditLogEntry(deleted.projectId(), deleted.actor(), robot.getFullName(), "robot", "delete", now));
        }
        for (Robot robot : robots.list(null, Robot.SYSTEM)) {
            List<RobotPermissions.Entry> entries = RobotPermissions.fromJson(robot.getPermissions());
            List<RobotPermissions.Entry> kept = entries.stream().filter(e -> !e.namespace().equals(deleted.name())).toList();
            if (kept.size() == entries.size()) continue;
            robot.changePermissions(RobotPermissions.toJson(kept));
            revoke(robot);
            audit.add(new AuditLogEntry(0L, deleted.actor(), robot.getFullName(), "robot", "update", now));
        }
    }

    private void revoke(Robot robot) {
        credentials.forget(robot.getFullName());
        revocations.revoke(robot.getFullName());
        access.changed();
    }
}
