package io.wharf.batch.scan;

import io.wharf.jobservice.JobLogs;
import io.wharf.project.ProjectService;
import io.wharf.registry.RegistryManifests;
import io.wharf.registry.RegistryReference;
import io.wharf.registry.RepositoryName;
import io.wharf.scan.RunningScans;
import io.wharf.scan.ScanJob;
import io.wharf.scan.ScanStatus;
import io.wharf.scan.ScanStore;
import io.wharf.scan.ScanTrigger;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.time.Instant;
import java.util.UUID;

/**
 * First step: checks the parameters before anything runs. A job submitted directly (batch
 * management) names a repository and a tag or digest; this step resolves the digest and records
 * the scan, so it shows up like any other.
 */
@Named
@Dependent
public class ValidateParametersBatchlet extends ScanStepBatchlet {
    @Inject ScanStore store;
    @Inject RunningScans running;
    @Inject RegistryManifests manifests;
    @Inject ProjectService projects;
    @Inject JobLogs logs;

    @Override
    protected void work(ScanRun run) throws Exception {
        run.jobService = running.find(run.jobServiceId).orElse(null);
        if (run.repository == null) throw new IllegalArgumentException("the job parameter repository is required");
        String problem = RepositoryName.problem(run.repository);
        if (problem != null) throw new IllegalArgumentException("repository: " + problem);
        if (run.reference == null) throw new IllegalArgumentException("the job parameter reference (a tag or digest) is required");
        if (run.scanJobId == null) {
            recordDirectSubmission(run);
        } else {
            ScanJob job = store.find(run.scanJobId)
                    .orElseThrow(() -> new IllegalArgumentException("scan job " + run.scanJobId + " does not exist"));
            if (job.getStatus().isFinal()) throw new IllegalStateException("scan job " + run.scanJobId + " already ended " + job.getStatus().wire());
            if (!job.getRepository().equals(run.repository)) throw new IllegalArgumentException("scan job " + run.scanJobId + " is for another repository");
            run.digest = job.getDigest();
        }
        store.moveTo(run.scanJobId, ScanStatus.RUNNING, null);
        run.info("scanning " + run.repository + "@" + run.digest + " (scan " + run.scanJobId + ", batch execution "
                + jobContext.getExecutionId() + ")");
    }

    private void recordDirectSubmission(ScanRun run) throws Exception {
        String digest = manifests.fetch(run.repository, run.reference).map(RegistryManifests.Fetched::digest)
                .orElseThrow(() -> new IllegalArgumentException("the registry has no artifact " + run.repository + ":" + run.reference));
        Long projectId = RepositoryName.projectOf(run.repository).flatMap(projects::byName).map(p -> p.getId()).orElse(null);
        if (projectId == null) throw new IllegalArgumentException("no project for " + run.repository);
        String tag = RegistryReference.isDigest(run.reference) ? null : run.reference;
        ScanJob job = new ScanJob(UUID.randomUUID().toString(), run.repository, tag, digest, projectId, ScanTrigger.BATCH, null,
                "batch execution " + jobContext.getExecutionId(), Instant.now());
        ScanStore.Created created = store.createPending(job);
        if (!created.isNew()) {
            throw new IllegalStateException("a scan of " + digest + " is already " + created.job().getStatus().wire().toLowerCase()
                    + ": " + created.job().getId());
        }
        run.scanJobId = job.getId();
        run.digest = digest;
        run.ownLog = logs.open(job.getId());
    }
}
