package io.wharf.scan;

import io.wharf.jobservice.JobContext;
import io.wharf.jobservice.JobType;
import io.wharf.scanner.FeedSource;
import io.wharf.scanner.SourceUpdate;
import io.wharf.scanner.UpdateResult;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.List;
import java.util.Set;

/**
 * {@code VULNDB_UPDATE}: fetches what changed at each configured source and swaps it into the
 * vulnerability database as a new generation; then queues the rematch of every report. A source
 * that fails keeps its old data; the job fails only when every source failed.
 */
@ApplicationScoped
public class VulnDbUpdateJob implements JobType {
    public static final String NAME = "VULNDB_UPDATE";
    public static final String TRIGGER = "trigger";
    static final Set<String> TRIGGERS = Set.of("Manual", "Schedule", "FirstStart");
    private static final java.util.concurrent.locks.ReentrantLock RUNNING = new java.util.concurrent.locks.ReentrantLock();

    @Inject VulnDbService vulndb;
    @Inject VulnDbSettings settings;
    @Inject VulnDbUpdates updates;

    @Override public String name() { return NAME; }
    /** A failed update is not retried at once: each source backs off, and the next tick tries again. */
    @Override public int maxFails() { return 1; }

    @Override
    public void validate(JsonObject parameters) {
        JsonValue trigger = parameters.get(TRIGGER);
        if (trigger != null && !(trigger.getValueType() == JsonValue.ValueType.STRING && TRIGGERS.contains(parameters.getString(TRIGGER)))) {
            throw new IllegalArgumentException(TRIGGER + " must be Manual, Schedule or FirstStart");
        }
    }

    @Override
    public void run(JobContext context) throws Exception {
        List<FeedSource> sources = settings.sources();
        if (sources.isEmpty()) {
            context.log().info("vulndb.sources is empty: the updater is off; import archives with bin/wharf vulndb import");
            return;
        }
        context.log().info("updating from " + sources.size() + " sources (" + context.parameters().getString(TRIGGER, "on demand") + ")");
        UpdateResult result;
        // A scheduled tick and an update asked for by hand may meet: one downloads at a time.
        RUNNING.lockInterruptibly();
        try {
            // On demand (first start, "Update now") every source is tried; a scheduled tick respects each backoff.
            boolean onDemand = !context.parameters().containsKey(TRIGGER);
            result = vulndb.update(sources, settings.options(onDemand), line -> context.log().info(line));
        } finally {
            RUNNING.unlock();
        }
        long updated = 0;
        long failed = 0;
        for (SourceUpdate s : result.sources()) {
            if (s.outcome().equals("failed")) {
                failed++;
                context.log().warning(s.name() + ": failed, old data kept: " + s.error());
            } else if (s.outcome().equals("updated")) {
                updated++;
                context.log().info(s.name() + ": updated, " + s.records() + " records");
            } else {
                context.log().info(s.name() + ": " + s.outcome());
            }
        }
        context.log().info("generation " + result.generation() + ": " + updated + " updated, " + failed + " failed, "
                + (result.sources().size() - updated - failed) + " unchanged or backing off");
        if (result.anyUpdated()) updates.dataChanged("update " + context.jobId());
        if (failed > 0 && failed == result.sources().size()) {
            throw new IllegalStateException("every source failed; the old data stays (see the lines above)");
        }
    }
}
