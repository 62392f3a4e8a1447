package io.wharf.replication;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wharf.jobservice.Job;
import io.wharf.jobservice.JobKind;
import io.wharf.jobservice.JobService;
import io.wharf.schema.Entities;
import io.wharf.schema.SchemaMigrations;
import jakarta.persistence.EntityManagerFactory;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.apache.derby.jdbc.EmbeddedDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An execution started by hand or on a schedule is planned in the background (issue 24): on the
 * migrated schema (embedded Derby, EclipseLink outside the server), it never ends while its tasks are
 * still being written (not Succeeded with 0 tasks, not when the first tasks ended), one with nothing
 * selected ends Succeeded with total 0 as Harbor's does, a stop while it is planned ends it and no
 * later task is written or run, a planning taken up again after a restart writes and queues only what
 * is missing, a source that cannot be listed ends it Failed with the reason, and one whose planning job was
 * never queued (its server died first) has it queued again by the sweep, once.
 */
class ReplicationPlanningTest {
    private static EntityManagerFactory emf;

    private final ReplicationStore store = new ReplicationStore();
    private final ReplicationService service = new ReplicationService();
    /** The task ids the job service was asked to run, in order. */
    private final List<Long> queued = new ArrayList<>();
    /** The executions whose planning the job service was asked to run, in order, and those it has a job for now. */
    private final List<Long> plansQueued = new ArrayList<>();
    private final Map<Long, String> activePlans = new HashMap<>();
    /** The jobs the job service was asked to stop. */
    private final List<String> stoppedJobs = new ArrayList<>();
    /** What was written to the audit log. */
    private final List<String> audited = new ArrayList<>();
    /** What the local side has: repository -> tags. */
    private final Map<String, List<String>> local = new HashMap<>();

    @BeforeAll
    static void migrate() {
        EmbeddedDataSource ds = new EmbeddedDataSource();
        ds.setDatabaseName("memory:replication_planning_" + ProcessHandle.current().pid());
        ds.setCreateDatabase("create");
        SchemaMigrations.migrate(ds);
        emf = Entities.open(ds, "none");
    }

    @AfterAll
    static void close() { emf.close(); }

    @BeforeEach
    void wire() {
        store.em = emf.createEntityManager();
        service.store = store;
        service.jobs = new JobService() {
            @Override
            public Job submit(Submission s) {
                String jobId = UUID.randomUUID().toString();
                if (s.name().equals(ReplicationPlanJob.NAME)) {
                    long execution = s.parameters().getJsonNumber(ReplicationPlanJob.EXECUTION_ID).longValue();
                    if (activePlans.putIfAbsent(execution, jobId) != null) throw io.wharf.common.WharfException.conflict("already queued");
                    plansQueued.add(execution);
                } else {
                    queued.add(s.parameters().getJsonNumber(ReplicationJob.TASK_ID).longValue());
                }
                return new Job(jobId, s.name(), JobKind.GENERIC, s.parameters().toString(), null, null,
                        false, null, 1, Instant.now(), Instant.now());
            }

            @Override
            public java.util.Optional<Job> activeUnique(String name, jakarta.json.JsonObject parameters) {
                long execution = parameters.getJsonNumber(ReplicationPlanJob.EXECUTION_ID).longValue();
                return activePlans.containsKey(execution)
                        ? java.util.Optional.of(new Job(activePlans.get(execution), name, JobKind.GENERIC, parameters.toString(), null,
                                null, true, null, 1, Instant.now(), Instant.now()))
                        : java.util.Optional.empty();
            }

            @Override
            public Job act(String id, String action) {
                stoppedJobs.add(action + " " + id);
                return null;
            }
        };
        store.audit = new io.wharf.audit.AuditLog() {
            @Override public void add(io.wharf.audit.AuditLogEntry entry) { audited.add(entry.toString()); }
        };
        service.sides = new Sides() {
            @Override
            public Map<String, List<String>> localTags(java.util.function.Predicate<String> wanted) { return local; }

            @Override
            public RegistrySide endpoint(long id) {
                throw new UncheckedIOException(new ConnectException("Connection refused: 127.0.0.1:9"));
            }
        };
    }

    @AfterEach
    void closeEm() { store.em.close(); }

    @Test
    void anExecutionBeingPlannedDoesNotEndWhenTheTasksWrittenSoFarHaveEnded() {
        ReplicationPolicy p = policy(null);
        long id = tx(() -> store.newExecution(p.getId(), "manual", true)).getId();
        assertEquals(ReplicationExecution.IN_PROGRESS, status(id));
        txRun(() -> store.settle(id));
        assertEquals(ReplicationExecution.IN_PROGRESS, status(id), "no task yet, but the planning is not finished: not Succeeded");

        List<Long> first = tx(() -> store.addTasks(id, List.of(copy("p/app:v1"), copy("p/app:v2")))).orElseThrow();
        first.forEach(t -> end(t, ReplicationTask.SUCCEED));
        assertEquals(ReplicationExecution.IN_PROGRESS, status(id), "its first two tasks ended, more are still to be written");
        assertEquals(2L, tx(() -> store.countTasks(id)));

        long last = tx(() -> store.addTasks(id, List.of(copy("p/app:v3")))).orElseThrow().get(0);
        txRun(() -> store.planned(id));
        assertEquals(ReplicationExecution.IN_PROGRESS, status(id), "planned, one task still pending");
        end(last, ReplicationTask.SUCCEED);
        assertEquals(ReplicationExecution.SUCCEED, status(id));
        assertEquals(Map.of(ReplicationTask.SUCCEED, 3L), tx(() -> store.taskCounts(id)));
    }

    @Test
    void anExecutionWhosePlanningWasNeverQueuedHasItQueuedAgainOnce() {
        ReplicationPolicy p = policy(null);
        long lost = tx(() -> store.newExecution(p.getId(), "manual", true)).getId(); // its server died before queueing
        long queuedBefore = tx(() -> service.begin(p, "manual")).getId();
        long notPlanned = tx(() -> store.newExecution(p.getId(), "event_based", false)).getId();
        assertEquals(List.of(queuedBefore), plansQueued);

        assertEquals(List.of(), tx(() -> service.requeueLostPlannings(Instant.now().minusSeconds(60))),
                "an execution younger than the sweep's period may be being queued this moment");
        assertEquals(List.of(lost), tx(() -> service.requeueLostPlannings(Instant.now().plusSeconds(1))));
        assertEquals(List.of(queuedBefore, lost), plansQueued, "only the one without a planning job, and not " + notPlanned);
        assertEquals(List.of(), tx(() -> service.requeueLostPlannings(Instant.now().plusSeconds(1))), "queued once");
        assertEquals(ReplicationExecution.IN_PROGRESS, status(lost));
    }

    @Test
    void aStopWhileItIsPlannedStopsItsPlanningJobToo() {
        ReplicationPolicy p = policy(null);
        long id = tx(() -> service.begin(p, "manual")).getId();
        txRun(() -> service.stop(new io.wharf.project.Caller(1L, "admin", true), id));
        assertEquals(ReplicationExecution.STOPPED, status(id));
        assertEquals(List.of("stop " + activePlans.get(id)), stoppedJobs, "its planning job is asked to stop: it would list the source for nothing");
        assertEquals(1, audited.size(), "the stop is audited");
    }

    @Test
    void anExecutionWithNothingSelectedEndsSucceededWithTotalZero() {
        local.put("p/app", List.of("nightly"));
        ReplicationPolicy p = policy(new ReplicationFilters(null, "v*", false));
        long id = tx(() -> store.newExecution(p.getId(), "manual", true)).getId();
        tx(() -> { service.plan(p, id, line -> { }, () -> false); return null; });
        assertEquals(ReplicationExecution.SUCCEED, status(id));
        assertEquals(0L, tx(() -> store.countTasks(id)));
        assertTrue(queued.isEmpty());
    }

    @Test
    void aStopWhileItIsPlannedEndsItAndNoLaterTaskIsWrittenOrRun() {
        ReplicationPolicy p = policy(null);
        long id = tx(() -> store.newExecution(p.getId(), "manual", true)).getId();
        List<Long> written = tx(() -> store.addTasks(id, List.of(copy("p/app:v1"), copy("p/app:v2")))).orElseThrow();
        tx(() -> store.stopExecution(id, ReplicationExecution.STOPPED, "stopped by admin"));
        assertEquals(ReplicationExecution.STOPPED, status(id));
        assertTrue(tx(() -> store.addTasks(id, List.of(copy("p/app:v3")))).isEmpty(), "a stopped execution takes no more tasks");
        assertEquals(2L, tx(() -> store.countTasks(id)));
        for (long t : written) assertFalse(tx(() -> store.taskRunning(t)), "a task queued before the stop does not run");
        txRun(() -> store.planned(id));
        assertEquals(ReplicationExecution.STOPPED, status(id));
        assertEquals(Map.of(ReplicationTask.STOPPED, 2L), tx(() -> store.taskCounts(id)));
    }

    @Test
    void aPlanningTakenUpAgainAfterARestartWritesAndQueuesOnlyWhatIsMissing() {
        int tags = ReplicationService.PLAN_BATCH * 2 + 5;
        local.put("p/app", IntStream.rangeClosed(1, tags).mapToObj(i -> "v" + i).toList());
        ReplicationPolicy p = policy(null);
        long id = tx(() -> store.newExecution(p.getId(), "manual", true)).getId();

        // The first run dies after its first batch: the job service's recovery runs the job again.
        AtomicInteger asked = new AtomicInteger();
        tx(() -> { service.plan(p, id, line -> { }, () -> asked.incrementAndGet() > 1); return null; });
        assertEquals(ReplicationService.PLAN_BATCH, queued.size());
        assertEquals(ReplicationExecution.IN_PROGRESS, status(id));
        // One more task written but never queued (the server died between the two).
        long orphan = tx(() -> store.addTasks(id, List.of(ReplicationService.newTask(p, "p/app", "v" + tags, ReplicationTask.COPY))))
                .orElseThrow().get(0);

        tx(() -> { service.plan(p, id, line -> { }, () -> false); return null; });
        assertEquals((long) tags, tx(() -> store.countTasks(id)), "every selected tag has one task");
        assertEquals(tags, queued.size());
        assertEquals(tags, new HashSet<>(queued).size(), "no task queued twice");
        assertTrue(queued.contains(orphan));
        assertEquals(ReplicationExecution.IN_PROGRESS, status(id));
        queued.forEach(t -> end(t, ReplicationTask.SUCCEED));
        assertEquals(ReplicationExecution.SUCCEED, status(id));
    }

    @Test
    void aSourceThatCannotBeListedEndsTheExecutionFailedWithTheReason() {
        ReplicationPolicy p = tx(() -> {
            ReplicationPolicy pull = new ReplicationPolicy("pull-" + UUID.randomUUID());
            pull.set(new ReplicationRule(pull.getName(), null, 7L, null, "p", 1, "manual", null, ReplicationFilters.ALL,
                    false, true, true, 0));
            return store.add(pull);
        });
        long id = tx(() -> store.newExecution(p.getId(), "manual", true)).getId();
        tx(() -> { service.plan(p, id, line -> { }, () -> false); return null; });
        ReplicationExecution e = tx(() -> store.execution(id)).orElseThrow();
        assertEquals(ReplicationExecution.FAILED, e.getStatus());
        assertTrue(e.getStatusText().startsWith("cannot list the source registry: ") && e.getStatusText().contains("Connection refused"),
                e.getStatusText());
        assertFalse(e.isPlanning());
    }

    private ReplicationPolicy policy(ReplicationFilters filters) {
        return tx(() -> {
            ReplicationPolicy p = new ReplicationPolicy("push-" + UUID.randomUUID());
            p.set(new ReplicationRule(p.getName(), null, null, 3L, null, -1, "manual", null, filters == null ? ReplicationFilters.ALL : filters,
                    false, true, true, 0));
            return store.add(p);
        });
    }

    private static ReplicationStore.NewTask copy(String src) { return new ReplicationStore.NewTask(src, src, ReplicationTask.COPY, null); }

    private void end(long task, String status) {
        tx(() -> {
            store.taskRunning(task);
            store.taskEnded(task, status, null);
            return null;
        });
    }

    private String status(long id) {
        store.em.clear();
        return tx(() -> store.execution(id)).orElseThrow().getStatus();
    }

    private void txRun(Runnable work) {
        tx(() -> {
            work.run();
            return null;
        });
    }

    /** One transaction around a store call, as the container gives each call of the stateless bean. */
    private <T> T tx(Supplier<T> work) {
        store.em.getTransaction().begin();
        try {
            T out = work.get();
            store.em.getTransaction().commit();
            return out;
        } finally {
            if (store.em.getTransaction().isActive()) store.em.getTransaction().rollback();
        }
    }
}
