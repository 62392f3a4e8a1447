package io.wharf.jobservice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import jakarta.ejb.EJBTransactionRolledbackException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class JobRunnerTest {
    private static final Job JOB = new Job("j-1", "SAMPLE", JobKind.GENERIC, "{}", null, null, false, null, 1,
            Instant.now(), Instant.now());

    /** Fails its first {@code conflicts} writes as a concurrent change of the row would. */
    private static final class ConflictingStore extends JobStore {
        int conflicts;
        int calls;
        final Job after = new Job("j-1", "SAMPLE", JobKind.GENERIC, "{}", null, null, false, null, 1, Instant.now(), Instant.now());

        @Override
        public Job failed(String id, String error, Instant retryAt, Instant now) {
            calls++;
            if (calls <= conflicts) throw new EJBTransactionRolledbackException("the row changed since it was read");
            return after;
        }
    }

    private static JobRunner runnerWith(JobStore store) {
        JobRunner runner = new JobRunner();
        runner.store = store;
        return runner;
    }

    @Test
    void aFailureIsRecordedAgainWhenAStopChangedTheRowMeanwhile() {
        ConflictingStore store = new ConflictingStore();
        store.conflicts = 1;
        assertSame(store.after, runnerWith(store).recordFailure(JOB, "closed"));
        assertEquals(2, store.calls);
    }

    @Test
    void aRowThatKeepsChangingGivesUpAfterThreeAttempts() {
        ConflictingStore store = new ConflictingStore();
        store.conflicts = 5;
        assertThrows(EJBTransactionRolledbackException.class, () -> runnerWith(store).recordFailure(JOB, "closed"));
        assertEquals(3, store.calls);
    }
}
