package io.wharf.jobservice;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Where job logs live: one file per job under {@code $WHARF_HOME/joblogs}, kept for a configured
 * time. The logs of the jobs running here are known, so a reader gets their latest lines.
 */
@ApplicationScoped
public class JobLogs {
    private static final Pattern JOB_ID = Pattern.compile("[A-Za-z0-9-]{1,40}");

    @Inject @ConfigProperty(name = "jobservice.log.dir")
    Optional<String> logDir;

    @Inject @ConfigProperty(name = "wharf.home", defaultValue = ".")
    String home;

    @Inject @ConfigProperty(name = "jobservice.log.retention.days", defaultValue = "14")
    int retentionDays;

    private final Map<String, JobLog> open = new ConcurrentHashMap<>();

    Path dir() { return Path.of(logDir.orElse(home + "/joblogs")); }

    public int retentionDays() { return retentionDays; }

    /** The job's log, appended to what an earlier attempt wrote; its lines reach the file as {@link JobLog} says. */
    public JobLog open(String jobId) throws IOException {
        Path file = file(jobId);
        if (!Files.isDirectory(file.getParent())) Files.createDirectories(file.getParent());
        JobLog log = new JobLog(file, closed -> open.remove(jobId, closed));
        JobLog before = open.put(jobId, log);
        if (before != null) before.flush();
        return log;
    }

    /** A job's log as another thread than its worker's got it; {@code owned} when that thread opened it and closes it. */
    public record Attached(JobLog log, boolean owned) {}

    /**
     * The log of {@code jobId} its worker has open on this server, so that the lines of a batch
     * execution running the job go into the same log in order; opened here when none is open.
     */
    public Attached attach(String jobId) throws IOException {
        JobLog running = open.get(jobId);
        return running != null ? new Attached(running, false) : new Attached(open(jobId), true);
    }

    /** The log as it is now (it grows while the job runs); empty when the job has none. */
    public Optional<String> read(String jobId) {
        Path f = file(jobId);
        JobLog running = open.get(jobId);
        if (running != null) running.flush();
        try {
            return Files.exists(f) ? Optional.of(Files.readString(f, StandardCharsets.UTF_8)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Writes out what the running jobs logged since the last time (called every second). */
    public void flushAll() { open.values().forEach(JobLog::flush); }

    public void delete(String jobId) {
        try {
            Files.deleteIfExists(file(jobId));
        } catch (IOException ignored) {
            // tried again at the next clean-up
        }
    }

    private Path file(String jobId) {
        if (!JOB_ID.matcher(jobId).matches()) throw new IllegalArgumentException("not a job id");
        return dir().resolve(jobId + ".log");
    }
}
