package io.wharf.jobservice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobLogsTest {
    @TempDir Path dir;

    private JobLogs logs() {
        JobLogs logs = new JobLogs();
        logs.logDir = Optional.of(dir.resolve("joblogs").toString());
        return logs;
    }

    @Test
    void aReaderSeesEveryLineOfARunningJob() throws Exception {
        JobLogs logs = logs();
        JobLog log = logs.open("job-1");
        log.info("started");
        log.error("step two failed");
        String text = logs.read("job-1").orElseThrow();
        assertTrue(text.matches("(?s)\\d{4}-\\d\\d-\\d\\dT\\S+ \\[INFO\\] started\n\\S+ \\[ERROR\\] step two failed\n"), text);
        log.info("still running");
        assertTrue(logs.read("job-1").orElseThrow().endsWith("[INFO] still running\n"));
        log.close();
        assertEquals(3, logs.read("job-1").orElseThrow().lines().count());
    }

    @Test
    void theSchedulersFlushWritesRunningJobsLinesToTheFile() throws Exception {
        JobLogs logs = logs();
        JobLog log = logs.open("job-2");
        log.info("one");
        logs.flushAll();
        Path file = dir.resolve("joblogs/job-2.log");
        assertTrue(Files.readString(file, StandardCharsets.UTF_8).endsWith("[INFO] one\n"));
        log.warning("two");
        log.close();
        assertTrue(Files.readString(file, StandardCharsets.UTF_8).endsWith("[WARNING] two\n"), "written when the job ends");
    }

    @Test
    void aSecondAttemptAppendsToTheFirstAndALateLineIsNotLost() throws Exception {
        JobLogs logs = logs();
        try (JobLog first = logs.open("job-3")) {
            first.info("attempt 1");
        }
        JobLog second = logs.open("job-3");
        second.info("attempt 2");
        second.close();
        second.info("after the end");
        String text = logs.read("job-3").orElseThrow();
        assertTrue(text.contains("attempt 1") && text.contains("attempt 2") && text.contains("after the end"), text);
    }

    @Test
    void credentialsAreMaskedAndBadIdsRefused() throws Exception {
        JobLogs logs = logs();
        try (JobLog log = logs.open("job-4")) {
            log.info("calling hook with Authorization: Harbor-Secret s3cr3t and password=hunter2");
        }
        String text = logs.read("job-4").orElseThrow();
        assertFalse(text.contains("s3cr3t") || text.contains("hunter2"), text);
        assertTrue(logs.read("no-such-job").isEmpty());
        assertThrows(IllegalArgumentException.class, () -> logs.open("../etc/passwd"));
    }
}
