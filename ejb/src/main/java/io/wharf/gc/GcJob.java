package io.wharf.gc;

import io.wharf.jobservice.JobContext;
import io.wharf.jobservice.JobType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.concurrent.locks.ReentrantLock;

/**
 * {@code IMAGE_GC}: one garbage collection. A run asked for by hand carries the id of its history row;
 * a scheduled tick makes its own. Two runs never overlap in one server: the second waits.
 */
@ApplicationScoped
public class GcJob implements JobType {
    public static final String NAME = "IMAGE_GC";
    static final String RUN_ID = "run_id";
    private static final ReentrantLock RUNNING = new ReentrantLock();

    @Inject GcStore store;
    @Inject GarbageCollector collector;
    @Inject jakarta.enterprise.event.Event<GcFinished> finished;

    @Override public String name() { return NAME; }
    /** A failed run is not retried at once: the next one (by hand or by schedule) starts over. */
    @Override public int maxFails() { return 1; }

    @Override
    public void validate(JsonObject parameters) {
        GcOptions.of(parameters);
        JsonValue id = parameters.get(RUN_ID);
        if (id != null && (id.getValueType() != JsonValue.ValueType.NUMBER || !parameters.getJsonNumber(RUN_ID).isIntegral())) {
            throw new IllegalArgumentException(RUN_ID + " must be a whole number");
        }
    }

    @Override
    public void run(JobContext context) throws Exception {
        JsonObject p = context.parameters();
        GcOptions options = GcOptions.of(p);
        long runId = p.containsKey(RUN_ID) ? p.getJsonNumber(RUN_ID).longValue()
                : store.newRun("Schedule", "Periodic", options.toJson().toString()).getId();
        RUNNING.lockInterruptibly();
        try {
            store.started(runId, context.jobId());
            GcReport report = collector.collect(options, line -> context.log().info(line), context::stopRequested);
            store.ended(runId, "Success", report);
            finished.fire(new GcFinished(runId, report, options.dryRun()));
        } catch (GarbageCollector.StoppedException e) {
            context.log().warning("stopped on request; what was deleted stays deleted");
            store.ended(runId, "Stopped", null);
            throw e;
        } catch (Exception | Error e) {
            context.log().error("garbage collection failed: " + e);
            store.ended(runId, "Error", null);
            throw e;
        } finally {
            RUNNING.unlock();
        }
    }
}
