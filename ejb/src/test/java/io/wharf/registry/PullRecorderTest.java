package io.wharf.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wharf.audit.AuditLogEntry;
import io.wharf.project.AccessCache;
import io.wharf.registry.ArtifactRecorder.Change;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PullRecorderTest {
    private static final String DIGEST = "sha256:" + "ab".repeat(32);

    private final List<Change> queued = new ArrayList<>();
    private final List<Change> writtenAtOnce = new ArrayList<>();
    private boolean queueFull;
    private boolean databaseAway;
    private int lockConflicts;
    private PullRecorder recorder;

    @BeforeEach
    void setUp() {
        recorder = new PullRecorder();
        recorder.access = new AccessCache() {
            @Override
            public Optional<KnownProject> project(String name) {
                return name.equals("hpc") ? Optional.of(new KnownProject(7, "hpc", false)) : Optional.empty();
            }
        };
        recorder.counter = new PullCounter() {
            @Override
            public boolean offer(Change pull) {
                if (queueFull) return false;
                queued.add(pull);
                return true;
            }
        };
        recorder.recorder = new ArtifactRecorder() {
            @Override
            public boolean recordPull(Change change) {
                if (databaseAway) throw new IllegalStateException("database away");
                if (lockConflicts > 0) {
                    lockConflicts--;
                    throw new jakarta.persistence.PersistenceException(new java.sql.SQLTransactionRollbackException("lock", "40XL1"));
                }
                writtenAtOnce.add(change);
                return true;
            }
        };
    }

    @Test
    void aPullByTagNamesTheTagAndTheDigestServed() {
        recorder.pulled("hpc/app", "v1", DIGEST, "bob");
        Change pull = queued.get(0);
        assertEquals(7, pull.projectId());
        assertEquals("hpc/app", pull.repository());
        assertEquals("v1", pull.tag());
        assertEquals(DIGEST, pull.digest());
        assertEquals("hpc/app:v1", pull.resource());
        assertEquals("bob", pull.actor());
        assertTrue(pull.audited());
        assertNull(pull.eventId(), "a gateway pull needs no de-duplication");
    }

    @Test
    void aPullByDigestHasNoTag() {
        recorder.pulled("hpc/team/app", DIGEST, DIGEST, "bob");
        Change pull = queued.get(0);
        assertNull(pull.tag());
        assertEquals("hpc/team/app@" + DIGEST, pull.resource());
    }

    @Test
    void anAnonymousPullIsAuditedAsAnonymous() {
        recorder.pulled("hpc/app", "v1", DIGEST, null);
        Change pull = queued.get(0);
        assertEquals("", pull.actor());
        assertEquals("anonymous", new AuditLogEntry(pull.projectId(), pull.actor(), pull.resource(), "pull", pull.at()).getUsername());
    }

    @Test
    void nothingIsCountedWithoutADigestOrOutsideAProject() {
        recorder.pulled("hpc/app", "v1", null, "bob");
        recorder.pulled("hpc/app", "v1", " ", "bob");
        recorder.pulled("nowhere/app", "v1", DIGEST, "bob");
        recorder.pulled("Bad..Name/app", "v1", DIGEST, "bob");
        assertTrue(queued.isEmpty());
        assertTrue(writtenAtOnce.isEmpty());
    }

    @Test
    void aFullQueueWritesThePullAtOnceAndAFailedWriteDoesNotFailThePull() {
        queueFull = true;
        recorder.pulled("hpc/app", "v1", DIGEST, "bob");
        assertEquals(1, writtenAtOnce.size());
        databaseAway = true;
        recorder.pulled("hpc/app", "v2", DIGEST, "bob"); // must not throw: the image has been served
        assertEquals(1, writtenAtOnce.size());
        assertTrue(queued.isEmpty());
    }

    @Test
    void aPullWrittenAtOnceThatLosesALockConflictIsWrittenAgainAndCounted() {
        queueFull = true;
        lockConflicts = 2;
        recorder.pulled("hpc/app", "v1", DIGEST, "bob");
        assertEquals(1, writtenAtOnce.size(), "the pull is counted once the conflict has passed");
        assertEquals(0, lockConflicts);
    }
}
