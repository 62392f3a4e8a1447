package io.wharf.robot;

import io.wharf.audit.AuditLog;
import io.wharf.audit.AuditLogEntry;
import io.wharf.common.Page;
import io.wharf.common.WharfException;
import io.wharf.project.AccessCache;
import io.wharf.project.Caller;
import io.wharf.project.CredentialCache;
import io.wharf.project.PasswordPolicy;
import io.wharf.project.Permission;
import io.wharf.project.Permissions;
import io.wharf.project.Project;
import io.wharf.project.ProjectRepository;
import io.wharf.project.ProjectService;
import io.wharf.project.Revocations;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Harbor's robot accounts: system robots (administrators manage them) and project robots (the
 * project's admins manage them). A robot never manages robots: its grants hold no robot rows.
 * Whatever takes a robot's power away (disable, new secret, fewer permissions, delete) also
 * revokes the registry tokens it already holds.
 */
@Stateless
public class RobotService {
    private static final Pattern NAME = Pattern.compile("[a-z0-9]+(?:[._-][a-z0-9]+)*");
    private static final String SECRET_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject RobotRepository robots;
    @Inject ProjectRepository projectRepository;
    @Inject ProjectService projects;
    @Inject Revocations revocations;
    @Inject CredentialCache credentials;
    @Inject AccessCache access;
    @Inject AuditLog audit;

    /** What a create request may set. */
    public record NewRobot(String name, String description, String level, Integer duration, Boolean disable,
                           String secret, List<RobotPermissions.Entry> permissions) {}

    /** The changes an update may make (null: unchanged). */
    public record RobotChange(String description, Integer duration, Boolean disable, List<RobotPermissions.Entry> permissions) {}

    /** A new robot with its secret, which is never shown again. */
    public record Created(Robot robot, String secret) {}

    public Created create(Caller caller, NewRobot request) {
        if (request == null) throw WharfException.badRequest("a JSON body with name, level, duration and permissions is required");
        if (request.name() == null || request.name().length() > 200 || !NAME.matcher(request.name()).matches()) {
            throw WharfException.badRequest("name must be lower-case letters and digits, separated by '.', '_' or '-'");
        }
        String level = request.level() == null ? "" : request.level();
        int duration = checkDuration(request.duration());
        Optional<Project> project = Optional.empty();
        String fullName;
        if (Robot.SYSTEM.equals(level)) {
            requireAdmin(caller);
            RobotPermissions.check(request.permissions(), level, null);
            for (RobotPermissions.Entry e : request.permissions()) {
                if (!io.wharf.project.RobotGrants.ALL_PROJECTS.equals(e.namespace()) && projectRepository.byName(e.namespace()).isEmpty()) {
                    throw WharfException.badRequest("project " + e.namespace() + " does not exist");
                }
            }
            fullName = Robot.PREFIX + request.name();
        } else if (Robot.PROJECT.equals(level)) {
            String namespace = request.permissions() == null || request.permissions().isEmpty() || request.permissions().get(0) == null
                    ? null : request.permissions().get(0).namespace();
            if (namespace == null) throw WharfException.badRequest("a project robot needs a permission naming its project");
            project = Optional.of(inProject(caller, projectRepository.byName(namespace), Permission.ROBOT_CREATE, "create robot accounts"));
            RobotPermissions.check(request.permissions(), level, project.get().getName());
            fullName = Robot.PREFIX + project.get().getName() + "+" + request.name();
        } else {
            throw WharfException.badRequest("level must be system or project");
        }
        if (robots.byFullName(fullName).isPresent()) throw WharfException.conflict("robot " + fullName + " already exists");
        String secret = request.secret() == null || request.secret().isEmpty() ? newSecret() : request.secret();
        PasswordPolicy.check(secret);
        Robot robot = robots.add(new Robot(request.name(), fullName, request.description(), level,
                project.map(Project::getId).orElse(null), RobotCredentials.HASHER.hash(secret),
                Boolean.TRUE.equals(request.disable()), duration, RobotPermissions.toJson(request.permissions()), caller.username()));
        record(caller, robot, "create");
        return new Created(robot, secret);
    }

    /** Harbor's {@code q=Level=project,ProjectID=1}: a project's robots for its admins, any for administrators. */
    public Page<Robot> list(Caller caller, String level, Long projectId, Integer page, Integer pageSize) {
        if (projectId != null) {
            inProject(caller, projectRepository.byId(projectId), Permission.ROBOT_LIST, "list robot accounts");
        } else {
            requireAdmin(caller);
        }
        List<Robot> all = robots.list(projectId, projectId == null ? level : null);
        int[] p = Page.normalize(page, pageSize);
        int from = Math.min(all.size(), (p[0] - 1) * p[1]);
        return new Page<>(all.subList(from, Math.min(all.size(), from + p[1])), all.size(), p[0], p[1]);
    }

    public Robot get(Caller caller, long id) {
        return manageable(caller, id, Permission.ROBOT_LIST, "read robot accounts");
    }

    public Robot update(Caller caller, long id, RobotChange change) {
        if (change == null) throw WharfException.badRequest("a JSON body is required");
        Robot robot = manageable(caller, id, Permission.ROBOT_UPDATE, "change robot accounts");
        if (change.permissions() != null) {
            String projectName = robot.getProjectId() == null ? null
                    : projectRepository.byId(robot.getProjectId()).map(Project::getName).orElse(null);
            RobotPermissions.check(change.permissions(), robot.getLevel(), projectName);
            robot.changePermissions(RobotPermissions.toJson(change.permissions()));
        }
        if (change.description() != null) robot.changeDescription(change.description());
        if (change.duration() != null) robot.changeDuration(checkDuration(change.duration()));
        if (change.disable() != null) robot.changeDisabled(change.disable());
        // Any of these may take power away: tokens issued under the old settings stop counting.
        revoke(robot);
        record(caller, robot, "update");
        return robot;
    }

    /** Harbor's PATCH: a new secret (generated when none is given); the old one stops working at once. */
    public String refreshSecret(Caller caller, long id, String secret) {
        Robot robot = manageable(caller, id, Permission.ROBOT_UPDATE, "refresh robot secrets");
        String fresh = secret == null || secret.isEmpty() ? newSecret() : secret;
        PasswordPolicy.check(fresh);
        robot.changeSecretHash(RobotCredentials.HASHER.hash(fresh));
        revoke(robot);
        record(caller, robot, "update");
        return fresh;
    }

    public void delete(Caller caller, long id) {
        Robot robot = manageable(caller, id, Permission.ROBOT_DELETE, "delete robot accounts");
        robots.remove(robot);
        revoke(robot);
        record(caller, robot, "delete");
    }

    private Robot manageable(Caller caller, long id, Permission row, String what) {
        if (caller.isAnonymous()) throw WharfException.unauthorized("sign in to " + what);
        Robot robot = robots.byId(id).orElseThrow(() -> WharfException.notFound("robot " + id + " not found"));
        if (robot.getProjectId() == null) {
            requireAdmin(caller);
        } else {
            inProject(caller, projectRepository.byId(robot.getProjectId()), row, what);
        }
        return robot;
    }

    /**
     * The project, when the caller may take this robot action in it. The robot endpoints do not
     * name the project in their path, so a project the caller cannot see is refused (403) like
     * one they see without the right role, as Harbor does.
     */
    private Project inProject(Caller caller, Optional<Project> project, Permission row, String what) {
        if (caller.isAnonymous()) throw WharfException.unauthorized("sign in to " + what);
        if (project.isEmpty()) {
            if (caller.sysadmin()) throw WharfException.notFound("project not found");
            throw WharfException.forbidden("you may not " + what + " there");
        }
        if (Permissions.decide(caller, row, projects.access(caller, project.get()), null) != Permissions.Decision.ALLOWED) {
            throw WharfException.forbidden("your role does not allow you to " + what);
        }
        return project.get();
    }

    private static void requireAdmin(Caller caller) {
        if (caller.isAnonymous()) throw WharfException.unauthorized("sign in to manage system robot accounts");
        if (!caller.sysadmin()) throw WharfException.forbidden("only administrators manage system robot accounts");
    }

    private static int checkDuration(Integer days) {
        if (days == null) throw WharfException.badRequest("duration is required: days, or -1 for never expiring");
        if (days == 0 || days < -1 || days > 36_500) throw WharfException.badRequest("duration must be 1 to 36500 days, or -1 for never expiring");
        return days;
    }

    private void revoke(Robot robot) {
        credentials.forget(robot.getFullName());
        revocations.revoke(robot.getFullName());
        access.changed();
    }

    private void record(Caller caller, Robot robot, String operation) {
        long projectId = robot.getProjectId() == null ? 0L : robot.getProjectId();
        audit.add(new AuditLogEntry(projectId, caller.username(), robot.getFullName(), "robot", operation, Instant.now()));
    }

    static String newSecret() {
        StringBuilder s = new StringBuilder("Rb0");
        for (int i = 0; i < 32; i++) s.append(SECRET_ALPHABET.charAt(RANDOM.nextInt(SECRET_ALPHABET.length())));
        return s.toString();
    }
}
