package io.wharf.jobservice;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Where job logs live: one file per job under {@code $WHARF_HOME/joblogs}, kept for a configured time. */
@ApplicationScoped
public class JobLogs {
    @Inject @ConfigProperty(name = "jobservice.log.dir")
    Optional<String> logDir;

    @Inject @ConfigProperty(name = "wharf.home", defaultValue = ".")
    String home;

    @Inject @ConfigProperty(name = "jobservice.log.retention.days", defaultValue = "14")
    int retentionDays;

    Path dir() { return Path.of(logDir.orElse(home + "/joblogs")); }

    public int retentionDays() { return retentionDays; }

    public JobLog open(String jobId) throws IOException { return new JobLog(file(jobId)); }

    /** The log as it is now (it grows while the job runs); empty when the job has none. */
    public Optional<String> read(String jobId) {
        Path f = file(jobId);
        try {
            return Files.exists(f) ? Optional.of(Files.readString(f, StandardCharsets.UTF_8)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    public void delete(String jobId) {
        try {
            Files.deleteIfExists(file(jobId));
        } catch (IOException ignored) {
            // tried again at the next clean-up
        }
    }

    private Path file(String jobId) {
        if (!jobId.matches("[A-Za-z0-9-]{1,40}")) throw new IllegalArgumentException("not a job id");
        return dir().resolve(jobId + ".log");
    }
}
