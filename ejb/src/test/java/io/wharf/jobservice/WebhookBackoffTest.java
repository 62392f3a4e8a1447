package io.wharf.jobservice;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The wait before a failed job (a WEBHOOK delivery, say) is tried again: the job service's
 * exponential backoff, base {@code jobservice.retry.backoff.seconds}, doubled per failure and
 * capped at 1024 times the base.
 */
class WebhookBackoffTest {
    private static final class RecordingStore extends JobStore {
        Instant retryAt;

        @Override
        public Job failed(String id, String error, Instant retryAt, Instant now) {
            this.retryAt = retryAt;
            return null;
        }
    }

    private static Duration waitAfter(int fails, long baseSeconds) {
        RecordingStore store = new RecordingStore();
        JobRunner runner = new JobRunner();
        runner.store = store;
        runner.backoffSeconds = baseSeconds;
        Instant now = Instant.now();
        Job job = Job.fromRow("j-" + fails, "WEBHOOK", JobKind.GENERIC, "{\"task_id\":1}", null, null, false, null, JobStatus.RUNNING,
                now, fails, 50, now, now, null, null, null, null, null, false, "w", false, 1);
        Instant before = Instant.now();
        runner.recordFailure(job, "answered 500");
        return Duration.between(before, store.retryAt);
    }

    private static void assertAbout(long expectedSeconds, Duration actual) {
        long ms = actual.toMillis();
        assertEquals(expectedSeconds * 1000, ms, 1000, "waited " + ms + " ms");
    }

    @Test
    void eachFailureDoublesTheWait() {
        assertAbout(2, waitAfter(0, 2));
        assertAbout(4, waitAfter(1, 2));
        assertAbout(8, waitAfter(2, 2));
        assertAbout(16, waitAfter(3, 2));
    }

    @Test
    void theWaitStopsGrowingAfterTenDoublings() {
        assertAbout(2048, waitAfter(10, 2));
        assertAbout(2048, waitAfter(30, 2));
    }
}
