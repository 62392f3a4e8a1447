package io.wharf.project;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a robot account may do: for each project name (or {@link #ALL_PROJECTS}), the rows of the
 * {@link Permission} table its Harbor-style accesses ({@code resource}/{@code action}) stand for,
 * and until when its credentials count. Pure data; the robot domain builds it from its records.
 * Robots never get the robot, member or administration rows: a robot cannot create robots or
 * change members, whatever it was given.
 */
public record RobotGrants(long robotId, String name, Map<String, Set<Permission>> byProject, Instant notAfter) {
    /** The namespace of a system robot's permission that covers every project. */
    public static final String ALL_PROJECTS = "*";

    public RobotGrants {
        byProject = Map.copyOf(byProject);
    }

    /** The same grants, valid no later than {@code limit} (a workload token's expiry). */
    public RobotGrants notAfter(Instant limit) {
        Instant earlier = notAfter == null || limit.isBefore(notAfter) ? limit : notAfter;
        return new RobotGrants(robotId, name, byProject, earlier);
    }

    /** The permission rows the robot has in the named project. */
    public Set<Permission> permissionsIn(String project) {
        EnumSet<Permission> result = EnumSet.noneOf(Permission.class);
        if (project == null) return result;
        result.addAll(byProject.getOrDefault(project, Set.of()));
        result.addAll(byProject.getOrDefault(ALL_PROJECTS, Set.of()));
        return result;
    }

    public boolean allows(String project, Permission permission) {
        return permissionsIn(project).contains(permission);
    }

    /** The registry actions a token may carry for the named project's repositories. */
    public Set<ProjectRole.Action> actionsIn(String project) {
        Set<Permission> rows = permissionsIn(project);
        EnumSet<ProjectRole.Action> actions = EnumSet.noneOf(ProjectRole.Action.class);
        if (rows.contains(Permission.REPOSITORY_PULL)) actions.add(ProjectRole.Action.PULL);
        if (rows.contains(Permission.REPOSITORY_PUSH)) actions.add(ProjectRole.Action.PUSH);
        if (rows.contains(Permission.REPOSITORY_DELETE)) actions.add(ProjectRole.Action.DELETE);
        return actions;
    }

    /**
     * The rows one Harbor robot access ({@code resource}, {@code action}) stands for, or empty when
     * Wharf does not know it (the API refuses such a permission). Every robot with any access in a
     * project may also read the project itself.
     */
    public static Optional<Set<Permission>> rowsFor(String resource, String action) {
        if (resource == null || action == null) return Optional.empty();
        Set<Permission> rows = switch (resource + ":" + action) {
            case "repository:pull" -> Set.of(Permission.REPOSITORY_PULL, Permission.REPOSITORY_READ, Permission.ARTIFACT_READ);
            case "repository:push" -> Set.of(Permission.REPOSITORY_PUSH);
            case "repository:delete" -> Set.of(Permission.REPOSITORY_DELETE);
            case "repository:list", "repository:read" -> Set.of(Permission.REPOSITORY_READ);
            case "repository:update" -> Set.of(Permission.REPOSITORY_UPDATE);
            case "artifact:read", "artifact:list" -> Set.of(Permission.ARTIFACT_READ);
            case "artifact:delete" -> Set.of(Permission.ARTIFACT_DELETE);
            case "tag:create" -> Set.of(Permission.TAG_CREATE);
            case "tag:delete" -> Set.of(Permission.TAG_DELETE);
            case "tag:list" -> Set.of(Permission.ARTIFACT_READ);
            case "artifact-label:create" -> Set.of(Permission.ARTIFACT_LABEL_CREATE);
            case "artifact-label:delete" -> Set.of(Permission.ARTIFACT_LABEL_DELETE);
            case "scan:create" -> Set.of(Permission.SCAN_CREATE);
            case "scan:read" -> Set.of(Permission.SCAN_READ);
            case "label:read", "label:list" -> Set.of(Permission.LABEL_READ);
            case "project:read" -> Set.of(Permission.PROJECT_READ);
            case "log:list" -> Set.of(Permission.LOG_LIST);
            default -> null;
        };
        if (rows == null) return Optional.empty();
        EnumSet<Permission> withProject = EnumSet.of(Permission.PROJECT_READ);
        withProject.addAll(rows);
        return Optional.of(Set.copyOf(withProject));
    }
}
