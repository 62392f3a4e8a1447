package io.wharf.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class ScanJobTest {
    private final Instant t0 = Instant.parse("2026-11-28T10:00:00Z");

    private ScanJob job() {
        return new ScanJob("id", "p/r", "v1", "sha256:" + "a".repeat(64), 1L, ScanTrigger.MANUAL, null, "dev", t0);
    }

    @Test
    void aScanMovesThroughItsStatesAndRecordsWhenItRanAndEnded() {
        ScanJob job = job();
        assertEquals(ScanStatus.PENDING, job.getStatus());
        assertTrue(job.moveTo(ScanStatus.RUNNING, t0.plusSeconds(1)));
        assertEquals(t0.plusSeconds(1), job.getStartTime());
        assertTrue(job.moveTo(ScanStatus.SUCCESS, t0.plusSeconds(5)));
        assertEquals(t0.plusSeconds(5), job.getEndTime());
    }

    @Test
    void aRetryRunsAgainButAFinishedScanIgnoresLateOrRepeatedHooks() {
        ScanJob job = job();
        job.moveTo(ScanStatus.RUNNING, t0);
        assertTrue(job.moveTo(ScanStatus.SCHEDULED, t0.plusSeconds(1)), "a failed attempt waits for its retry");
        assertTrue(job.moveTo(ScanStatus.RUNNING, t0.plusSeconds(3)));
        assertEquals(t0, job.getStartTime(), "started when the first attempt started");
        assertTrue(job.moveTo(ScanStatus.ERROR, t0.plusSeconds(4)));
        assertFalse(job.moveTo(ScanStatus.RUNNING, t0.plusSeconds(5)), "a late Running hook");
        assertFalse(job.moveTo(ScanStatus.SUCCESS, t0.plusSeconds(6)));
        assertEquals(ScanStatus.ERROR, job.getStatus());
    }

    @Test
    void aLongReasonIsCutToTheColumn() {
        ScanJob job = job();
        job.message("x".repeat(5000));
        assertNotNull(job.getMessage());
        assertEquals(1024, job.getMessage().length());
    }

    @Test
    void hookStatusesAreReadInHarborsWords() {
        assertEquals(ScanStatus.SUCCESS, ScanStatus.ofWire("Success").orElseThrow());
        assertEquals(ScanStatus.STOPPED, ScanStatus.ofWire("stopped").orElseThrow());
        assertTrue(ScanStatus.ofWire("Finished?").isEmpty());
    }
}
