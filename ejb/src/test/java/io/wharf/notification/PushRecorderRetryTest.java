package io.wharf.notification;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.wharf.registry.ArtifactRecorder;
import io.wharf.registry.ArtifactRecorder.Change;
import io.wharf.registry.ArtifactRecorder.PushRecorded;
import io.wharf.registry.ManifestSummary;
import jakarta.ejb.EJBException;
import jakarta.persistence.PersistenceException;
import java.sql.SQLTransactionRollbackException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import org.junit.jupiter.api.Test;

/**
 * A push the registry has stored is recorded even when the database rolls the recording back on a
 * lock conflict (Derby's 40XL1 when the first pushes after a start arrive together), and only then.
 */
class PushRecorderRetryTest {
    private static final Change CHANGE = new Change(null, 1, "p/app", "v1", "sha256:" + "a".repeat(64),
            "alice", "p/app:v1", Instant.now(), true);
    private static final PushRecorded RECORDED = new PushRecorded(true, false);

    /** Answers the queued outcomes in turn: an exception is thrown, a result returned. */
    static final class ScriptedRecorder extends ArtifactRecorder {
        final Deque<Object> outcomes = new ArrayDeque<>();
        int calls;

        @Override
        public PushRecorded recordPush(Change change, ManifestSummary manifest) {
            calls++;
            Object next = outcomes.removeFirst();
            if (next instanceof RuntimeException e) throw e;
            return (PushRecorded) next;
        }
    }

    private static EJBException lockConflict() {
        return new EJBException(new PersistenceException("insert repository",
                new SQLTransactionRollbackException("A lock could not be obtained within the time requested", "40XL1")));
    }

    private static PushRecorder with(ScriptedRecorder recorder) {
        PushRecorder pushes = new PushRecorder();
        pushes.recorder = recorder;
        return pushes;
    }

    @Test
    void lockConflictsAreRunAgainUntilTheRecordingCommits() {
        ScriptedRecorder recorder = new ScriptedRecorder();
        recorder.outcomes.add(lockConflict());
        recorder.outcomes.add(lockConflict());
        recorder.outcomes.add(lockConflict());
        recorder.outcomes.add(RECORDED);
        assertSame(RECORDED, with(recorder).recordWithRetries(CHANGE, null));
        assertEquals(4, recorder.calls);
    }

    @Test
    void anotherFailureIsTriedOnceMoreThenReported() {
        ScriptedRecorder recorder = new ScriptedRecorder();
        EJBException broken = new EJBException(new PersistenceException("column too long"));
        recorder.outcomes.add(broken);
        recorder.outcomes.add(broken);
        recorder.outcomes.add(RECORDED);
        assertSame(broken, assertThrows(EJBException.class, () -> with(recorder).recordWithRetries(CHANGE, null)));
        assertEquals(2, recorder.calls, "only the lost race for a new repository is worth a second attempt");
    }

    @Test
    void conflictsThatDoNotEndAreReportedAfterTheLastAttempt() {
        ScriptedRecorder recorder = new ScriptedRecorder();
        for (int i = 0; i < PushRecorder.MAX_ATTEMPTS + 2; i++) recorder.outcomes.add(lockConflict());
        assertThrows(EJBException.class, () -> with(recorder).recordWithRetries(CHANGE, null));
        assertEquals(PushRecorder.MAX_ATTEMPTS, recorder.calls);
    }
}
