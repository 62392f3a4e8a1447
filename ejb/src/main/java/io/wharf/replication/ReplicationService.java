package io.wharf.replication;

import io.wharf.audit.AuditLogEntry;
import io.wharf.common.Page;
import io.wharf.common.WharfException;
import io.wharf.jobservice.CronSpecs;
import io.wharf.jobservice.Job;
import io.wharf.jobservice.JobService;
import io.wharf.project.Caller;
import io.wharf.upstream.EndpointAccess;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.logging.Logger;

/**
 * Harbor's replication for administrators: rules (push-based from Wharf to an endpoint, or
 * pull-based from an endpoint into Wharf), their executions (manual, scheduled, on push or
 * delete), one IMAGE_REPLICATE task per artifact, stop, and the tasks' logs.
 */
@ApplicationScoped
public class ReplicationService {
    private static final Logger LOG = Logger.getLogger(ReplicationService.class.getName());
    public static final Set<String> TRIGGERS = Set.of("manual", "scheduled", "event_based");
    static final int MAX_SPEED = 10 * 1024 * 1024;

    @Inject ReplicationStore store;
    @Inject EndpointAccess endpoints;
    @Inject JobService jobs;
    @Inject Sides sides;

    /** A registry as a rule names it (Harbor sends the whole registry; its id is what counts). */
    public record RegistryRef(Long id) {}

    public record TriggerSettings(String cron) {}

    public record Trigger(String type, TriggerSettings triggerSettings) {}

    public record Filter(String type, String value, String decoration) {}

    /** Harbor's {@code ReplicationPolicy} as a client sends it. */
    public record PolicyRequest(String name, String description, RegistryRef srcRegistry, RegistryRef destRegistry,
                                String destNamespace, Integer destNamespaceReplaceCount, Trigger trigger, List<Filter> filters,
                                Boolean replicateDeletion, Boolean override, Boolean enabled, Integer speed) {}

    public ReplicationPolicy create(Caller caller, PolicyRequest r) {
        ReplicationRule rule = check(r, null);
        if (store.policyByName(rule.name()).isPresent()) throw WharfException.conflict("a replication rule named " + rule.name() + " already exists");
        ReplicationPolicy p = new ReplicationPolicy(rule.name());
        p.set(rule);
        store.add(p);
        schedule(p);
        audit(caller, p, "create");
        return p;
    }

    public Page<ReplicationPolicy> list(String nameFragment, Integer page, Integer pageSize) {
        int[] n = Page.normalize(page, pageSize);
        return new Page<>(store.policies(nameFragment, (n[0] - 1) * n[1], n[1]), store.countPolicies(nameFragment), n[0], n[1]);
    }

    public ReplicationPolicy get(long id) {
        return store.policy(id).orElseThrow(() -> WharfException.notFound("replication rule " + id + " not found"));
    }

    /** Replaces a rule with what the client sent (Harbor's PUT carries the whole rule). */
    public ReplicationPolicy update(Caller caller, long id, PolicyRequest r) {
        ReplicationPolicy p = get(id);
        ReplicationRule rule = check(r, p);
        if (!rule.name().equals(p.getName()) && store.policyByName(rule.name()).isPresent()) {
            throw WharfException.conflict("a replication rule named " + rule.name() + " already exists");
        }
        p.set(rule);
        unschedule(p);
        schedule(p);
        p = store.save(p);
        audit(caller, p, "update");
        return p;
    }

    public void delete(Caller caller, long id) {
        ReplicationPolicy p = get(id);
        if (store.hasRunningExecution(id)) throw WharfException.conflict("replication rule " + p.getName() + " has an execution in progress: stop it first");
        unschedule(p);
        store.remove(p);
        audit(caller, p, "delete");
    }

    /**
     * Starts an execution of every artifact the rule's filters select ({@code POST /replication/executions}):
     * the execution is written (InProgress) and its planning queued as a {@link ReplicationPlanJob}; the
     * caller has its id at once, and its tasks appear as the job writes them.
     */
    public ReplicationExecution start(Caller caller, Long policyId) {
        if (policyId == null) throw WharfException.badRequest("policy_id is required");
        ReplicationPolicy p = get(policyId);
        if (!p.isEnabled()) throw WharfException.badRequest("replication rule " + p.getName() + " is disabled");
        ReplicationExecution e = begin(p, "manual");
        audit(caller, p, "execute");
        return e;
    }

    /** The execution of a manual or scheduled run, its planning queued; one whose planning cannot be queued ends Failed. */
    ReplicationExecution begin(ReplicationPolicy p, String trigger) {
        ReplicationExecution e = store.newExecution(p.getId(), trigger, true);
        try {
            jobs.submit(planning(e.getId()));
        } catch (RuntimeException ex) {
            store.stopExecution(e.getId(), ReplicationExecution.FAILED, "its planning could not be queued: " + ex.getMessage());
        }
        return store.execution(e.getId()).orElse(e);
    }

    /** An execution's planning job: unique, so that {@link #requeueLostPlannings} can tell whether it still has one. */
    private static JobService.Submission planning(long executionId) {
        return new JobService.Submission(ReplicationPlanJob.NAME,
                Json.createObjectBuilder().add(ReplicationPlanJob.EXECUTION_ID, executionId).build(), null, "Generic", null, null, true);
    }

    /**
     * Queues again the planning of executions that started before {@code startedBefore} and have no planning job
     * queued or running: a server that died between writing an execution and queueing its planning left it
     * InProgress with nothing to end it. Planning writes only the tasks still missing, so queueing it again is safe.
     * Returns the executions queued again.
     */
    List<Long> requeueLostPlannings(Instant startedBefore) {
        List<Long> requeued = new ArrayList<>();
        for (long id : store.planningSince(startedBefore)) {
            JobService.Submission s = planning(id);
            if (jobs.activeUnique(s.name(), s.parameters()).isPresent()) continue;
            try {
                jobs.submit(s);
                requeued.add(id);
                LOG.warning("Replication execution " + id + " had no planning job (its server stopped before it queued one): queued again");
            } catch (WharfException conflict) {
                // another server queued it meanwhile
            }
        }
        return requeued;
    }

    /** How many tasks are written in one transaction while an execution is planned (its total grows by as many). */
    static final int PLAN_BATCH = 20;

    /**
     * Plans an execution: lists what the source has, keeps what the filters select and writes one task
     * each, in batches, queueing each batch once it is committed; then the execution may end. A source
     * that cannot be listed ends the execution Failed with the reason. Run again (its job taken up
     * after a restart) it writes only the tasks still missing and queues those never queued. It stops
     * when the execution was stopped meanwhile: nothing more is written, and what was is not run.
     */
    void plan(ReplicationPolicy p, long executionId, java.util.function.Consumer<String> log, java.util.function.BooleanSupplier stopRequested) {
        List<String[]> selected;
        try {
            selected = selected(p);
        } catch (java.io.IOException | RuntimeException ex) {
            LOG.warning("Replication " + p.getName() + " could not list its source: " + ex.getMessage());
            // Tasks written by an earlier attempt (before a restart) are stopped with the execution.
            stopJobs(store.stopExecution(executionId, ReplicationExecution.FAILED, "cannot list the source registry: " + ex.getMessage()));
            log.accept("cannot list the source registry: " + ex.getMessage());
            return;
        }
        java.util.Set<String> written = store.taskSources(executionId);
        List<Long> unqueued = store.unqueuedTasks(executionId);
        if (!written.isEmpty()) log.accept("planned before: " + written.size() + " task(s) written, " + unqueued.size() + " not queued yet");
        unqueued.forEach(this::queue);
        log.accept(selected.size() + " artifact(s) selected");
        List<ReplicationStore.NewTask> batch = new ArrayList<>();
        for (String[] s : selected) {
            ReplicationStore.NewTask task = newTask(p, s[0], s[1], ReplicationTask.COPY);
            if (written.contains(task.src())) continue;
            batch.add(task);
            if (batch.size() == PLAN_BATCH) {
                if (stopRequested.getAsBoolean() || !write(executionId, batch, log)) return;
                batch.clear();
            }
        }
        if (stopRequested.getAsBoolean() || (!batch.isEmpty() && !write(executionId, batch, log))) return;
        store.planned(executionId);
        log.accept("every task written");
    }

    /** Writes a batch of tasks and queues them; false when the execution has ended (stopped) meanwhile. */
    private boolean write(long executionId, List<ReplicationStore.NewTask> batch, java.util.function.Consumer<String> log) {
        java.util.Optional<List<Long>> ids = store.addTasks(executionId, batch);
        if (ids.isEmpty()) {
            log.accept("the execution ended while it was planned: no more tasks");
            return false;
        }
        ids.get().forEach(this::queue);
        return true;
    }

    /** The repository and tag of every artifact of the source the rule's filters select. */
    private List<String[]> selected(ReplicationPolicy p) throws java.io.IOException {
        ReplicationFilters filters = ReplicationFilters.fromJson(p.getFilters());
        List<String[]> selected = new ArrayList<>();
        java.util.Map<String, List<String>> content;
        if (p.isPush()) {
            content = sides.localTags(filters::matchesRepository);
        } else {
            RegistrySide src = sides.endpoint(p.getSrcRegistryId());
            content = new java.util.TreeMap<>();
            for (String repository : src.repositories()) {
                if (filters.matchesRepository(repository)) content.put(repository, src.tags(repository));
            }
        }
        content.forEach((repository, tags) -> {
            if (!filters.matchesRepository(repository)) return;
            for (String tag : tags) {
                if (filters.matchesTag(tag) && !isAccessoryTag(tag)) selected.add(new String[] {repository, tag});
            }
        });
        return selected;
    }

    /** One artifact (a push or a delete in Wharf) for an event-based rule. */
    void runOne(ReplicationPolicy p, String repository, String reference, String operation) {
        planOne(p, repository, reference, operation).ifPresent(this::queue);
    }

    /** The rows of an event's execution and its one task (to be queued once they are committed). */
    java.util.Optional<Long> planOne(ReplicationPolicy p, String repository, String reference, String operation) {
        ReplicationExecution e = store.newExecution(p.getId(), "event_based");
        java.util.Optional<Long> task = createTask(p, e.getId(), repository, reference, operation);
        store.settle(e.getId());
        return task;
    }

    /** A task's row, or empty when it failed at once (its destination cannot be named). */
    private java.util.Optional<Long> createTask(ReplicationPolicy p, long executionId, String repository, String reference, String operation) {
        ReplicationStore.NewTask n = newTask(p, repository, reference, operation);
        ReplicationTask t = store.addTask(executionId, n.src(), n.dst(), n.operation());
        if (n.failure() != null) {
            store.taskEnded(t.getId(), ReplicationTask.FAILED, n.failure());
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(t.getId());
    }

    /** What a task of the rule copies (or deletes) and where; failed at once when its destination cannot be named. */
    static ReplicationStore.NewTask newTask(ReplicationPolicy p, String repository, String reference, String operation) {
        String sep = reference.startsWith("sha256:") ? "@" : ":";
        try {
            String dst = NamespaceRewrite.apply(repository, p.getDestNamespace(), p.getDestNamespaceReplaceCount()) + sep + reference;
            return new ReplicationStore.NewTask(repository + sep + reference, dst, operation, null);
        } catch (IllegalArgumentException ex) {
            return new ReplicationStore.NewTask(repository + sep + reference, repository + sep + reference, operation, ex.getMessage());
        }
    }

    /** Submits a task's IMAGE_REPLICATE job; a task that cannot be queued fails with the reason. */
    void queue(long taskId) {
        try {
            Job job = jobs.submit(new JobService.Submission(ReplicationJob.NAME,
                    Json.createObjectBuilder().add(ReplicationJob.TASK_ID, taskId).build(), null, "Generic", null, null, false));
            store.taskJob(taskId, job.getId());
        } catch (RuntimeException ex) {
            store.taskEnded(taskId, ReplicationTask.FAILED, "could not be queued: " + ex.getMessage());
        }
    }

    static boolean isAccessoryTag(String tag) { return tag.matches("sha256-[0-9a-f]{64}(\\..*)?"); }

    public Page<ReplicationExecution> executions(Long policyId, String status, Integer page, Integer pageSize) {
        int[] n = Page.normalize(page, pageSize);
        return new Page<>(store.executions(policyId, status, (n[0] - 1) * n[1], n[1]), store.countExecutions(policyId, status), n[0], n[1]);
    }

    public ReplicationExecution execution(long id) {
        return store.execution(id).orElseThrow(() -> WharfException.notFound("replication execution " + id + " not found"));
    }

    public java.util.Map<String, Long> counts(long executionId) { return store.taskCounts(executionId); }

    /** Stops an execution: its pending tasks never run, running ones and its planning (if still on) are asked to stop. */
    public void stop(Caller caller, long id) {
        ReplicationExecution e = execution(id);
        if (!e.getStatus().equals(ReplicationExecution.IN_PROGRESS)) throw WharfException.badRequest("replication execution " + id + " is not in progress");
        boolean planning = e.isPlanning(); // an execution that ends is planned no more
        stopJobs(store.stopExecution(id, ReplicationExecution.STOPPED, "stopped by " + caller.username()));
        if (planning) {
            JobService.Submission plan = planning(id);
            jobs.activeUnique(plan.name(), plan.parameters()).ifPresent(job -> stopJobs(List.of(job.getId())));
        }
        store.policy(e.getPolicyId()).ifPresent(p -> audit(caller, p, "stop"));
    }

    /** Asks the jobs of stopped tasks to stop. */
    void stopJobs(List<String> jobIds) {
        for (String jobId : jobIds) {
            try {
                jobs.act(jobId, "stop");
            } catch (WharfException ex) {
                // the job ended meanwhile
            }
        }
    }

    public Page<ReplicationTask> tasks(long executionId, Integer page, Integer pageSize) {
        execution(executionId);
        int[] n = Page.normalize(page, pageSize);
        return new Page<>(store.tasks(executionId, (n[0] - 1) * n[1], n[1]), store.countTasks(executionId), n[0], n[1]);
    }

    public String log(long executionId, long taskId) {
        ReplicationTask t = store.task(taskId).filter(x -> x.getExecutionId() == executionId)
                .orElseThrow(() -> WharfException.notFound("task " + taskId + " of execution " + executionId + " not found"));
        if (t.getJobId() == null) return t.getStatusText() == null ? "" : t.getStatusText() + "\n";
        try {
            return jobs.log(t.getJobId());
        } catch (WharfException e) {
            if (e.status() == 404) return "";
            throw e;
        }
    }

    private void schedule(ReplicationPolicy p) {
        if (!"scheduled".equals(p.getTriggerType()) || !p.isEnabled()) return;
        Job job = jobs.submit(new JobService.Submission(ReplicationJob.NAME,
                Json.createObjectBuilder().add(ReplicationJob.POLICY_ID, p.getId()).build(), null, "Periodic", null, p.getCron(), false));
        p.setJobId(job.getId());
        store.save(p);
    }

    private void unschedule(ReplicationPolicy p) {
        if (p.getJobId() == null) return;
        try {
            jobs.act(p.getJobId(), "stop");
        } catch (WharfException e) {
            if (e.status() != 404 && e.status() != 409) throw e;
        }
        p.setJobId(null);
    }

    private ReplicationRule check(PolicyRequest r, ReplicationPolicy before) {
        if (r == null) throw WharfException.badRequest("a JSON body is required");
        if (r.name() == null || r.name().isBlank()) throw WharfException.badRequest("name is required");
        String name = r.name().strip();
        if (name.length() > 255) throw WharfException.badRequest("name is at most 255 characters");
        if (r.description() != null && r.description().length() > 1024) throw WharfException.badRequest("description is at most 1024 characters");
        Long src = registry(r.srcRegistry(), "src_registry");
        Long dst = registry(r.destRegistry(), "dest_registry");
        if ((src == null) == (dst == null)) {
            throw WharfException.badRequest("exactly one of src_registry (pull-based) and dest_registry (push-based) names a registry endpoint");
        }
        String type = r.trigger() == null || r.trigger().type() == null ? "manual" : r.trigger().type();
        if (!TRIGGERS.contains(type)) throw WharfException.badRequest("trigger.type must be manual, scheduled or event_based");
        String cron = null;
        if (type.equals("scheduled")) {
            cron = r.trigger().triggerSettings() == null ? null : r.trigger().triggerSettings().cron();
            try {
                CronSpecs.validate(cron);
            } catch (IllegalArgumentException e) {
                throw WharfException.badRequest("trigger.trigger_settings.cron: " + e.getMessage());
            }
        }
        if (type.equals("event_based") && src != null) throw WharfException.badRequest("event_based triggers are for push-based rules (Wharf is the source)");
        String nameFilter = null;
        String tagFilter = null;
        boolean excludes = false;
        for (Filter f : r.filters() == null ? List.<Filter>of() : r.filters()) {
            if (f == null || f.type() == null) throw WharfException.badRequest("filters[].type is required");
            switch (f.type()) {
                case "name" -> nameFilter = f.value();
                case "tag" -> {
                    tagFilter = f.value();
                    String d = f.decoration() == null ? "matches" : f.decoration();
                    if (!d.equals("matches") && !d.equals("excludes")) throw WharfException.badRequest("filters[].decoration must be matches or excludes");
                    excludes = d.equals("excludes");
                }
                case "resource" -> {
                    if (f.value() != null && !f.value().isBlank() && !f.value().equals("image") && !f.value().equals("artifact")) {
                        throw WharfException.badRequest("only image resources are replicated");
                    }
                }
                default -> throw WharfException.badRequest("filters[].type must be name, tag or resource (label is not supported)");
            }
        }
        ReplicationFilters filters;
        try {
            filters = new ReplicationFilters(nameFilter, tagFilter, excludes);
        } catch (IllegalArgumentException e) {
            throw WharfException.badRequest(e.getMessage());
        }
        String ns = r.destNamespace() == null || r.destNamespace().isBlank() ? null : r.destNamespace().strip();
        if (ns != null && !ns.matches("[a-z0-9]+(?:[._-][a-z0-9]+)*(?:/[a-z0-9]+(?:[._-][a-z0-9]+)*)*")) {
            throw WharfException.badRequest("dest_namespace must be a repository path: lower case letters, digits, . _ - and /");
        }
        int count = r.destNamespaceReplaceCount() == null ? -1 : r.destNamespaceReplaceCount();
        if (count < -1 || count > 10) throw WharfException.badRequest("dest_namespace_replace_count must be -1 to 10");
        int speed = r.speed() == null ? 0 : r.speed();
        if (speed < -1 || speed > MAX_SPEED) throw WharfException.badRequest("speed must be 0 (no limit) to " + MAX_SPEED + " KiB/s");
        boolean enabled = r.enabled() == null ? before == null || before.isEnabled() : r.enabled();
        return new ReplicationRule(name, r.description(), src, dst, ns, count, type, cron, filters,
                Boolean.TRUE.equals(r.replicateDeletion()), r.override() == null || r.override(), enabled, Math.max(0, speed));
    }

    private Long registry(RegistryRef ref, String field) {
        if (ref == null || ref.id() == null || ref.id() == 0) return null;
        if (!endpoints.exists(ref.id())) throw WharfException.badRequest(field + ": registry endpoint " + ref.id() + " not found");
        return ref.id();
    }

    private void audit(Caller caller, ReplicationPolicy p, String operation) {
        store.audit(new AuditLogEntry(0L, caller.username(), "replication " + p.getName(), "replication", operation, Instant.now()));
    }
}
