package io.wharf.project;

import io.wharf.common.ExpiringCache;
import io.wharf.config.WharfConfig;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Who a user is, which projects exist and who belongs to them, as the token service and the
 * sign-in filters ask on every request. Answers come from memory for a few seconds
 * ({@code wharf.access.cache.ms}) instead of three database queries a request. A change made
 * through this server empties the cache at once and again when its transaction ends, and is
 * announced through Redis to the other servers sharing the database, which empty theirs. A server
 * that is not subscribed (Redis not yet connected, or away) answers from the database; should a
 * message be lost all the same, the entries expire on their own.
 */
@ApplicationScoped
public class AccessCache {
    private static final int MAX_ENTRIES = 10_000;

    /** What sign-in needs of a user account. */
    public record KnownUser(long id, String username, String passwordHash, boolean sysadmin, boolean disabled) {
        public Caller caller() { return new Caller(id, username, sysadmin); }
    }

    /** What access checks need of a project. */
    public record KnownProject(long id, String name, boolean isPublic) {}

    @Inject WharfConfig config;
    @Inject UserRepository users;
    @Inject ProjectRepository projects;
    @Inject UserGroupRepository groups;
    @Inject AccessChangeBroadcast broadcast;
    @Resource TransactionSynchronizationRegistry transactions;

    private ExpiringCache<String, KnownUser> usersByName;
    private ExpiringCache<String, KnownProject> projectsByName;
    private ExpiringCache<Long, Map<Long, ProjectRole>> rolesByUser;

    @PostConstruct
    void init() {
        usersByName = new ExpiringCache<>(config.accessCacheTtl(), MAX_ENTRIES);
        projectsByName = new ExpiringCache<>(config.accessCacheTtl(), MAX_ENTRIES);
        rolesByUser = new ExpiringCache<>(config.accessCacheTtl(), MAX_ENTRIES);
    }

    public Optional<KnownUser> user(String username) {
        if (!heardByOthers()) return loadUser(username);
        return usersByName.get(username, this::loadUser);
    }

    public Optional<KnownProject> project(String name) {
        if (!heardByOthers()) return loadProject(name);
        return projectsByName.get(name, this::loadProject);
    }

    /** A project named by its id (the API takes either); read from the database, then cached by name. */
    public Optional<KnownProject> projectById(long id) {
        return projects.byId(id).flatMap(p -> project(p.getName()));
    }

    public Optional<ProjectRole> roleOf(Caller caller, long projectId) {
        if (caller.isAnonymous()) return Optional.empty();
        Optional<Map<Long, ProjectRole>> roles = heardByOthers()
                ? rolesByUser.get(caller.userId(), this::loadRoles) : loadRoles(caller.userId());
        return roles.map(r -> r.get(projectId));
    }

    /** The registry actions the caller may take on the named project's repositories. */
    public Set<ProjectRole.Action> allowedActions(Caller caller, String projectName) {
        Optional<KnownProject> project = project(projectName);
        if (project.isEmpty()) return Set.of();
        if (caller.isRobot()) return caller.robot().actionsIn(project.get().name());
        if (caller.sysadmin()) return EnumSet.allOf(ProjectRole.Action.class);
        EnumSet<ProjectRole.Action> actions = EnumSet.noneOf(ProjectRole.Action.class);
        if (project.get().isPublic()) actions.add(ProjectRole.Action.PULL);
        roleOf(caller, project.get().id()).ifPresent(r -> actions.addAll(r.actions()));
        return actions;
    }

    /**
     * Users, projects or memberships changed. Emptied now, so this transaction's own later checks
     * see the change, and once more after it ends, so that nothing read meanwhile outlives it.
     */
    public void changed() {
        clear();
        if (transactions != null && transactions.getTransactionStatus() == Status.STATUS_ACTIVE) {
            transactions.registerInterposedSynchronization(new Synchronization() {
                @Override public void beforeCompletion() {}
                @Override public void afterCompletion(int status) {
                    clear();
                    if (status == Status.STATUS_COMMITTED) broadcast.publish();
                }
            });
        } else {
            broadcast.publish();
        }
    }

    private void clear() {
        usersByName.clear();
        projectsByName.clear();
        rolesByUser.clear();
    }

    /**
     * Whether this server hears the other servers' changes. Until it does (just after a start, or
     * while Redis is away) a cached answer could outlive a change made elsewhere, so none is used.
     */
    private boolean heardByOthers() {
        return broadcast.listen(this::clear);
    }

    private Optional<KnownUser> loadUser(String name) {
        return users.byName(name)
                .map(u -> new KnownUser(u.getId(), u.getUsername(), u.getPasswordHash(), u.isSysadmin(), users.isDisabled(u.getId())));
    }

    private Optional<KnownProject> loadProject(String name) {
        return projects.byName(name).map(p -> new KnownProject(p.getId(), p.getName(), p.isPublic()));
    }

    private Optional<Map<Long, ProjectRole>> loadRoles(Long userId) {
        Map<Long, ProjectRole> roles = new HashMap<>();
        for (ProjectMember m : projects.membershipsOf(userId)) roles.put(m.getProjectId(), m.getRole());
        // Roles through directory groups: the strongest of the user's own and their groups' wins, as in Harbor.
        for (ProjectGroupMember m : groups.groupRolesOf(userId)) roles.merge(m.getProjectId(), m.getRole(), ProjectRole::stronger);
        return Optional.of(Map.copyOf(roles));
    }
}
