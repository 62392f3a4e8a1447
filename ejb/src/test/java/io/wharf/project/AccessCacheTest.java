package io.wharf.project;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wharf.config.WharfConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A member removed through another server must lose access here at once: cached roles are only
 * used while this server hears the others' change announcements.
 */
class AccessCacheTest {
    private static final Caller ALICE = new Caller(11L, "alice", false);
    private static final long PROJECT = 7;

    private final List<ProjectMember> members = new ArrayList<>();
    private boolean subscribed;
    private Runnable onChangeElsewhere;
    private int loads;
    private AccessCache cache;

    @BeforeEach
    void setUp() {
        members.add(new ProjectMember(PROJECT, ALICE.userId(), ProjectRole.DEVELOPER));
        cache = new AccessCache();
        cache.config = new WharfConfig() {
            @Override public Duration accessCacheTtl() { return Duration.ofMinutes(10); }
        };
        cache.projects = new ProjectRepository() {
            @Override public List<ProjectMember> membershipsOf(long userId) {
                loads++;
                return members.stream().filter(m -> m.getUserId() == userId).toList();
            }
        };
        cache.groups = new UserGroupRepository() {
            @Override public List<ProjectGroupMember> groupRolesOf(long userId) { return List.of(); }
        };
        cache.broadcast = new AccessChangeBroadcast() {
            @Override boolean listen(Runnable onChange) {
                onChangeElsewhere = onChange;
                return subscribed;
            }
        };
        cache.init();
    }

    @Test
    void notYetSubscribedEveryCheckReadsTheDatabase() {
        assertEquals(Optional.of(ProjectRole.DEVELOPER), cache.roleOf(ALICE, PROJECT));
        members.clear(); // removed through another server, whose announcement this one cannot hear
        assertEquals(Optional.empty(), cache.roleOf(ALICE, PROJECT));
        assertEquals(2, loads);
    }

    @Test
    void subscribedRolesAreCachedUntilAChangeIsHeard() {
        subscribed = true;
        assertEquals(Optional.of(ProjectRole.DEVELOPER), cache.roleOf(ALICE, PROJECT));
        assertEquals(Optional.of(ProjectRole.DEVELOPER), cache.roleOf(ALICE, PROJECT));
        assertEquals(1, loads, "the second check was answered from memory");

        members.clear();
        onChangeElsewhere.run(); // the other server's announcement arrives
        assertEquals(Optional.empty(), cache.roleOf(ALICE, PROJECT));
    }

    @Test
    void whatWasReadBeforeTheSubscriptionIsNotServedAfterIt() {
        subscribed = true;
        cache.roleOf(ALICE, PROJECT);
        subscribed = false; // Redis went away: announcements may be missed from here on
        members.clear();
        assertEquals(Optional.empty(), cache.roleOf(ALICE, PROJECT));
        assertTrue(loads >= 2);
    }
}
