package io.wharf.jobservice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A batch execution gets its job's context by the job's id alone. A batch job submitted directly
 * fires the same changes as a job the job service runs; a job service job's execution writes into
 * its worker's log and leaves the job's end to the worker.
 */
class BatchRunsTest {
    @TempDir Path dir;

    /** The changes as observers would hear them. */
    private final List<JobStatusChanged> heard = new ArrayList<>();
    private final BatchRuns runs = new BatchRuns();

    @BeforeEach
    void wire() {
        runs.logs = new JobLogs();
        runs.logs.logDir = Optional.of(dir.toString());
        runs.events = new JobEvents() {
            @Override public void fire(JobStatusChanged change) { heard.add(change); }
            @Override public void changed(Job job, String checkIn) { heard.add(JobStatusChanged.of(job, checkIn)); }
        };
    }

    @Test
    void aDirectSubmissionRunsAndEndsThroughTheSameEvents() throws Exception {
        String parameters = Json.createObjectBuilder().add("scan_job_id", "scan-1").build().toString();
        BatchRun run = runs.outside(7, "IMAGE_SCAN", Json.createObjectBuilder().add("scan_job_id", "scan-1").build(), "scan-1");
        run.checkIn("scan-layers");
        run.ended(JobStatus.ERROR, "scan-layers: cannot read layer sha256:00");
        run.ended(JobStatus.SUCCESS, null);
        run.close();

        assertEquals(List.of(JobStatus.RUNNING, JobStatus.RUNNING, JobStatus.ERROR), heard.stream().map(JobStatusChanged::status).toList(),
                "Running when it starts, a check-in, one end");
        assertTrue(heard.stream().allMatch(c -> c.jobId().equals("batch-7") && c.jobName().equals("IMAGE_SCAN")
                && c.parametersJson().equals(parameters)));
        assertEquals("scan-layers", heard.get(1).checkIn());
        assertEquals("scan-layers: cannot read layer sha256:00", heard.get(2).lastError());
        String log = runs.logs.read("scan-1").orElseThrow();
        assertTrue(log.contains("check-in: scan-layers") && log.contains("job ended: Error"), log);
    }

    @Test
    void aJobServiceJobsExecutionWritesIntoItsWorkersLogAndLeavesTheEndToIt() throws Exception {
        Job job = new Job("job-1", "IMAGE_SCAN", JobKind.GENERIC, "{\"scan_job_id\":\"scan-2\"}", null, null, false, null, 3,
                Instant.now(), Instant.now());
        runs.store = new JobStore() {
            @Override public Job checkIn(String id, String message, Instant now) { return job; }
        };
        JobLog workers = runs.logs.open("job-1");
        BatchRun run = runs.attach("job-1");
        assertSame(workers, run.log());
        run.checkIn("fetch-manifest");
        run.ended(JobStatus.SUCCESS, null);
        run.close();
        workers.info("job ended: Success");
        workers.close();

        assertEquals(1, heard.size(), "only the check-in: the worker records and fires the end");
        assertEquals("fetch-manifest", heard.get(0).checkIn());
        assertNull(heard.get(0).lastError());
        String log = runs.logs.read("job-1").orElseThrow();
        assertTrue(log.indexOf("check-in: fetch-manifest") < log.indexOf("job ended: Success"), log);
        assertFalse(log.isBlank());
    }
}
