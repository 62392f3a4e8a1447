package io.wharf.replication;

import io.wharf.jobservice.JobContext;
import io.wharf.jobservice.JobStatus;
import io.wharf.jobservice.JobStatusChanged;
import io.wharf.jobservice.JobType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.logging.Logger;

/**
 * {@code REPLICATION_PLAN}: plans an execution started by hand or on a schedule ({@code execution_id}):
 * lists the source and writes and queues its tasks, so that {@code POST /replication/executions}
 * answers at once, as Harbor's does. A job whose server died is run again by the job service and
 * resumes where the first run was; one that ends in Error or is stopped ends its execution (Failed
 * with the reason, or Stopped) instead of leaving it InProgress.
 */
@ApplicationScoped
public class ReplicationPlanJob implements JobType {
    private static final Logger LOG = Logger.getLogger(ReplicationPlanJob.class.getName());
    public static final String NAME = "REPLICATION_PLAN";
    static final String EXECUTION_ID = "execution_id";

    @Inject ReplicationStore store;
    @Inject ReplicationService service;

    @Override public String name() { return NAME; }

    /** Planning writes only what is missing, so a failed attempt (the database away) may simply run again. */
    @Override public int maxFails() { return 3; }

    @Override
    public void validate(JsonObject parameters) {
        JsonValue v = parameters.get(EXECUTION_ID);
        if (!(v instanceof JsonNumber n) || !n.isIntegral() || n.longValue() < 1) {
            throw new IllegalArgumentException(EXECUTION_ID + " must be a positive whole number");
        }
    }

    @Override
    public void run(JobContext context) {
        long id = context.parameters().getJsonNumber(EXECUTION_ID).longValue();
        ReplicationExecution e = store.execution(id).orElse(null);
        if (e == null || !e.getStatus().equals(ReplicationExecution.IN_PROGRESS)) {
            context.log().info("execution " + id + " ended before it was planned: nothing to do");
            return;
        }
        ReplicationPolicy p = store.policy(e.getPolicyId()).orElse(null);
        if (p == null) {
            store.stopExecution(id, ReplicationExecution.FAILED, "the replication rule was deleted");
            context.log().warning("the replication rule of execution " + id + " was deleted");
            return;
        }
        context.log().info("planning execution " + id + " of rule " + p.getName());
        service.plan(p, id, line -> context.log().info(line), context::stopRequested);
    }

    /** A planning job that failed for good or was stopped ends its execution, and the tasks it queued with it. */
    void onJob(@Observes JobStatusChanged change) {
        if (!NAME.equals(change.jobName())) return;
        if (change.status() != JobStatus.ERROR && change.status() != JobStatus.STOPPED) return;
        if (!(change.parameters().get(EXECUTION_ID) instanceof JsonNumber n)) return;
        try {
            long id = n.longValue();
            if (store.execution(id).filter(e -> e.getStatus().equals(ReplicationExecution.IN_PROGRESS)).isEmpty()) return;
            boolean failed = change.status() == JobStatus.ERROR;
            service.stopJobs(store.stopExecution(id, failed ? ReplicationExecution.FAILED : ReplicationExecution.STOPPED,
                    failed ? "planning failed: " + change.lastError() : "its planning was stopped"));
        } catch (RuntimeException ex) {
            LOG.warning("Replication execution " + n + " could not be ended after its planning job " + change.jobId() + ": " + ex.getMessage());
        }
    }
}
