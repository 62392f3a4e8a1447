package io.wharf.retention;

import io.wharf.common.WharfException;
import io.wharf.jobservice.JobContext;
import io.wharf.jobservice.JobType;
import io.wharf.project.Caller;
import io.wharf.registry.Artifact;
import io.wharf.registry.ArtifactService;
import io.wharf.registry.RegistryContent;
import io.wharf.registry.RepositoryRecord;
import io.wharf.registry.Tag;
import io.wharf.tagrules.ImmutableTags;
import io.wharf.tagrules.TagRule;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.metrics.MetricRegistry;

/**
 * {@code RETENTION}: carries out one run of a project's retention policy, repository by repository.
 * A manual run gets {@code execution_id} (its run row exists already); a schedule tick gets
 * {@code policy_id} and opens a run of its own. A dry run decides exactly as a real one and deletes nothing.
 * Deletes go through the artifact delete path (accessories, audit) as the user {@value #OPERATOR}.
 */
@ApplicationScoped
public class RetentionJob implements JobType {
    public static final String NAME = "RETENTION";
    public static final String EXECUTION_ID = "execution_id";
    public static final String POLICY_ID = "policy_id";
    static final String OPERATOR = "retention";
    /** A repository's log is cut here: one line per artifact, a repository's artifacts bound it. */
    private static final int MAX_LOG_CHARS = 1 << 20;

    @Inject RetentionStore store;
    @Inject RegistryContent content;
    @Inject ArtifactService artifacts;
    @Inject ImmutableTags immutable;
    @Inject io.wharf.project.ProjectService projects;
    @Inject MetricRegistry metrics;
    @Inject jakarta.enterprise.event.Event<RetentionFinished> finished;

    @Override public String name() { return NAME; }
    @Override public int maxFails() { return 1; }

    @Override
    public void validate(JsonObject parameters) {
        boolean execution = parameters.get(EXECUTION_ID) instanceof JsonNumber;
        boolean policy = parameters.get(POLICY_ID) instanceof JsonNumber;
        if (execution == policy) throw new IllegalArgumentException("exactly one of " + EXECUTION_ID + " and " + POLICY_ID + " is required (numbers)");
    }

    @Override
    public void run(JobContext context) throws Exception {
        RetentionExecution execution;
        if (context.parameters().get(EXECUTION_ID) instanceof JsonNumber id) {
            Optional<RetentionExecution> e = store.execution(id.longValue());
            if (e.isEmpty() || e.get().isFinal()) {
                context.log().info("retention run " + id + " is gone or already ended");
                return;
            }
            execution = e.get();
        } else {
            long policyId = context.parameters().getJsonNumber(POLICY_ID).longValue();
            if (store.policy(policyId).isEmpty()) {
                context.log().info("retention policy " + policyId + " is gone");
                return;
            }
            execution = store.addExecution(policyId, "SCHEDULE", false);
            store.executionJob(execution.getId(), context.jobId());
        }
        long started = System.nanoTime();
        if (!store.executionStatus(execution.getId(), RetentionExecution.RUNNING, false)) {
            // Stopped (or ended) before a worker took it.
            context.log().info("retention run " + execution.getId() + " was stopped before it started");
            return;
        }
        try {
            boolean failed = runPolicy(execution, context);
            String end = context.stopRequested() ? RetentionExecution.STOPPED : failed ? RetentionExecution.ERROR : RetentionExecution.SUCCESS;
            store.executionStatus(execution.getId(), end, true);
            context.log().info("retention run " + execution.getId() + " ended: " + end);
            announce(execution, end);
        } catch (Exception | Error e) {
            store.executionStatus(execution.getId(), RetentionExecution.ERROR, true);
            throw e;
        } finally {
            metrics.timer("wharf.retention.run", new org.eclipse.microprofile.metrics.Tag("dry_run", String.valueOf(execution.isDryRun())))
                    .update(java.time.Duration.ofNanos(System.nanoTime() - started));
        }
    }

    private void announce(RetentionExecution execution, String end) {
        try {
            RetentionPolicyRecord record = store.policy(execution.getPolicyId()).orElse(null);
            if (record == null) return;
            int total = 0;
            int retained = 0;
            for (int first = 0; ; first += 100) {
                List<RetentionTask> page = store.tasks(execution.getId(), first, 100);
                for (RetentionTask t : page) {
                    total += t.getTotal();
                    retained += t.getRetained();
                }
                if (page.size() < 100) break;
            }
            String project = projects.get(system(), String.valueOf(record.getProjectId())).getName();
            finished.fire(new RetentionFinished(execution.getId(), execution.getPolicyId(), record.getProjectId(), project,
                    end, execution.isDryRun(), total, retained));
        } catch (RuntimeException e) {
            // The run's result stands; only its announcement is lost.
            java.util.logging.Logger.getLogger(RetentionJob.class.getName())
                    .warning("retention run " + execution.getId() + " ended but could not be announced: " + e.getMessage());
        }
    }

    /** @return whether a repository failed */
    private boolean runPolicy(RetentionExecution execution, JobContext context) {
        RetentionPolicyRecord record = store.policy(execution.getPolicyId())
                .orElseThrow(() -> new IllegalStateException("retention policy " + execution.getPolicyId() + " is gone"));
        PolicyBody policy = PolicyBody.read(record.getBody());
        String project = projects.get(system(), String.valueOf(record.getProjectId())).getName();
        List<TagRule> immutableRules = immutable.enabledRules(record.getProjectId());
        context.log().info("retention run " + execution.getId() + (execution.isDryRun() ? " (dry run)" : "") + " of project " + project);
        boolean failed = false;
        List<RepositoryRecord> repositories = new ArrayList<>();
        for (int first = 0; ; first += 100) {
            List<RepositoryRecord> page = content.repositories(record.getProjectId(), null, first, 100);
            repositories.addAll(page);
            if (page.size() < 100) break;
        }
        for (RepositoryRecord repository : repositories) {
            if (context.stopRequested()) break;
            String name = repository.getName().substring(project.length() + 1);
            if (!RetentionEvaluator.covers(policy.rules(), name)) continue;
            failed |= !runRepository(execution, policy, project, repository, name, immutableRules, context);
        }
        return failed;
    }

    /** @return whether every delete the repository needed went through */
    private boolean runRepository(RetentionExecution execution, PolicyBody policy, String project, RepositoryRecord repository,
                                  String name, List<TagRule> immutableRules, JobContext context) {
        Instant start = Instant.now();
        List<Candidate> candidates = new ArrayList<>();
        for (Artifact a : content.allArtifacts(repository.getId())) {
            // Signatures and SBOMs go with their subject, never on their own.
            if (a.getSubjectDigest() != null) continue;
            candidates.add(new Candidate(a.getId(), a.getDigest(), content.tagsOf(a.getId()).stream().map(Tag::getName).sorted().toList(),
                    a.getPushTime(), a.getPullTime()));
        }
        RetentionEvaluator.Decision decision = RetentionEvaluator.evaluate(name, candidates, policy.rules(), immutableRules, start);
        StringBuilder log = new StringBuilder();
        decision.log().forEach(line -> append(log, line));
        boolean ok = true;
        int deleted = 0;
        if (!execution.isDryRun()) {
            for (Candidate c : decision.deleted()) {
                if (context.stopRequested()) {
                    append(log, "stopped before deleting " + c.describe());
                    break;
                }
                try {
                    artifacts.delete(system(), project, name, c.digest());
                    deleted++;
                    append(log, "deleted " + c.describe());
                } catch (WharfException e) {
                    // Gone already (a user deleted it meanwhile) is what was wanted.
                    if (e.status() != 404) {
                        ok = false;
                        append(log, "could not delete " + c.describe() + ": " + e.getMessage());
                    }
                } catch (RuntimeException e) {
                    ok = false;
                    append(log, "could not delete " + c.describe() + ": " + e);
                }
            }
            metrics.counter("wharf.retention.artifacts.deleted").inc(deleted);
        }
        String status = context.stopRequested() ? RetentionExecution.STOPPED : ok ? RetentionExecution.SUCCESS : RetentionExecution.ERROR;
        store.addTask(new RetentionTask(execution.getId(), repository.getName(), status, candidates.size(),
                decision.retained().size(), start, Instant.now(), log.toString()));
        context.log().info(repository.getName() + ": " + candidates.size() + " artifacts, " + decision.retained().size() + " retained, "
                + (execution.isDryRun() ? decision.deleted().size() + " would be deleted" : deleted + " deleted"));
        context.checkIn(repository.getName() + " done");
        return ok;
    }

    private static void append(StringBuilder log, String line) {
        if (log.length() + line.length() + 1 > MAX_LOG_CHARS) return;
        log.append(Instant.now()).append(' ').append(line).append('\n');
    }

    /** Retention acts for the project admin who set the policy, as Harbor's job service does: it may delete any artifact. */
    static Caller system() { return new Caller(0L, OPERATOR, true); }
}
