package io.wharf.scan;

import io.wharf.common.WharfException;
import io.wharf.jobservice.Job;
import io.wharf.jobservice.JobLogs;
import io.wharf.jobservice.JobService;
import io.wharf.project.Caller;
import io.wharf.project.Project;
import io.wharf.project.ProjectRole.Action;
import io.wharf.project.ProjectService;
import io.wharf.registry.RegistryManifests;
import io.wharf.registry.RegistryReference;
import io.wharf.registry.RepositoryName;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Logger;

/**
 * Scan requests (a user's, a push's, scan all's, a batch job submitted directly): checks who asks
 * and what is asked for (once, here), resolves the digest, records the scan Pending and hands it to
 * the job service; and what users read back (status, report, log). From Pending on, the scan's
 * status is {@link ScanLifecycle}'s to write.
 */
// A plain CDI bean: each write is one of ScanStore's short transactions, so a job service refusal
// after the scan was recorded can mark it failed instead of rolling everything into an orphan.
@ApplicationScoped
public class ScanService {
    private static final Logger LOG = Logger.getLogger(ScanService.class.getName());

    @Inject ScanStore store;
    @Inject ProjectService projects;
    @Inject RegistryManifests manifests;
    @Inject JobService jobs;
    @Inject JobLogs logs;
    @Inject ScanLifecycle lifecycle;

    /** A user's scan of {@code project/repository:reference}: developers and above, as in Harbor. */
    public ScanJob scan(Caller caller, String project, String repository, String reference) {
        Project p = projects.get(caller, project);
        projects.require(caller, p, io.wharf.project.Permission.SCAN_CREATE, "scan artifacts");
        String name = repositoryName(p.getName() + "/" + repository);
        String digest = resolve(name, reference);
        return request(name, RegistryReference.isDigest(reference) ? null : reference, digest, p.getId(), ScanTrigger.MANUAL, null, caller.username());
    }

    /** A scan Wharf itself asks for (push, scan all): no permission check, the digest is known. */
    public ScanJob request(String repository, String tag, String digest, Long projectId, ScanTrigger trigger,
                           String scanAllId, String requestedBy) {
        ScanJob job = new ScanJob(UUID.randomUUID().toString(), repository, tag, digest, projectId, trigger, scanAllId,
                requestedBy, Instant.now());
        // Concurrent requests for one digest can deadlock in the database: the loser is rolled back
        // whole and asked again (it then finds the winner's scan).
        ScanStore.Created created = io.wharf.common.LockConflicts.retry(3, () -> store.createPending(job));
        if (!created.isNew()) return created.job();
        JsonObject parameters = Json.createObjectBuilder()
                .add(ImageScanJob.SCAN_JOB_ID, job.getId())
                .add(ImageScanJob.REPOSITORY, repository)
                .add(ImageScanJob.DIGEST, digest)
                .add(ImageScanJob.TAG, tag == null ? "" : tag)
                .add(ImageScanJob.TRIGGER, trigger.name())
                .build();
        try {
            // No status hook: the job's changes reach the scan as JobStatusChanged events (ScanLifecycle).
            Job queued = jobs.submit(new JobService.Submission(ImageScanJob.NAME, parameters, null, "Generic",
                    null, null, false));
            store.attachJob(job.getId(), queued.getId());
        } catch (RuntimeException e) {
            // Nothing may stay Pending that no worker will ever pick up.
            lifecycle.apply(job.getId(), ScanStatus.ERROR, "the scan could not be queued: " + e.getMessage());
            LOG.warning("Scan " + job.getId() + " of " + repository + "@" + digest + " could not be queued: " + e.getMessage());
            throw WharfException.unavailable("the scan could not be queued; try again later");
        }
        return store.find(job.getId()).orElse(job);
    }

    /**
     * A scan submitted as a batch job through batch management: the same checks as a user's request
     * (no permission check: batch management answers to Wharf's administrator only), then recorded
     * Pending. The batch execution runs it; no job service job does.
     *
     * @throws WharfException naming what is wrong with the repository or reference, or that a scan
     *         of the digest is already pending or running
     */
    public ScanJob recordDirect(String repository, String reference, String requestedBy) {
        String name = repositoryName(repository);
        String digest = resolve(name, reference);
        Long projectId = projects.byName(new RepositoryName(name).project()).map(Project::getId)
                .orElseThrow(() -> WharfException.notFound("no project for " + name));
        ScanJob job = new ScanJob(UUID.randomUUID().toString(), name, RegistryReference.isDigest(reference) ? null : reference,
                digest, projectId, ScanTrigger.BATCH, null, requestedBy, Instant.now());
        ScanStore.Created created = store.createPending(job);
        if (!created.isNew()) {
            throw WharfException.conflict("a scan of " + digest + " is already " + created.job().getStatus().wire().toLowerCase()
                    + ": " + created.job().getId());
        }
        return job;
    }

    /** A status hook for a scan from a caller outside Wharf (internal secret): the same path as the job's own changes. */
    public Optional<ScanJob> onHook(String scanJobId, String status) {
        ScanStatus next = ScanStatus.ofWire(status)
                .orElseThrow(() -> WharfException.badRequest("unknown status " + status));
        // Why an attempt failed is the job's to say; a check-in ("retry 2 of 3") is not a reason.
        return lifecycle.apply(scanJobId, next, null);
    }

    /** The scan's log, for anyone who may read the project; empty when nothing was written yet. */
    public String log(Caller caller, String scanJobId) {
        ScanJob job = readable(caller, scanJobId);
        Optional<String> text = job.getJobId() != null ? logs.read(job.getJobId()) : Optional.empty();
        if (text.isEmpty()) text = logs.read(job.getId());
        return text.orElseThrow(() -> WharfException.notFound("scan " + scanJobId + " has no log yet"));
    }

    public ScanJob readable(Caller caller, String scanJobId) {
        if (scanJobId == null || !scanJobId.matches("[A-Za-z0-9-]{1,40}")) throw WharfException.notFound("scan " + scanJobId + " not found");
        ScanJob job = store.find(scanJobId).orElseThrow(() -> WharfException.notFound("scan " + scanJobId + " not found"));
        String project = RepositoryName.projectOf(job.getRepository())
                .orElseThrow(() -> WharfException.notFound("scan " + scanJobId + " not found"));
        try {
            projects.get(caller, project);
        } catch (WharfException e) {
            // Someone who cannot see the project learns nothing about its scans.
            if (e.status() == 401) throw e;
            throw WharfException.notFound("scan " + scanJobId + " not found");
        }
        return job;
    }

    /** The latest report of the artifact, or empty when it was never scanned to the end. */
    public Optional<Report> report(String digest) {
        return store.overview(digest).filter(o -> o.getStatus() == ScanStatus.SUCCESS || o.getScannerName() != null)
                .map(o -> new Report(o, store.vulnerabilities(digest)));
    }

    /** An overview and the findings behind it. */
    public record Report(ScanOverview overview, List<ScanVulnerability> vulnerabilities) {}

    /** Replaces a project's CVE allowlist: the project's admins (and administrators). */
    public CveAllowlist replaceAllowlist(Caller caller, String project, List<String> ids, Long expiresAt) {
        Project p = projects.get(caller, project);
        projects.require(caller, p, io.wharf.project.Permission.PROJECT_ALLOWLIST_UPDATE, "change the project's CVE allowlist");
        return store.replaceAllowlist(p.getId(), allowlistIds(ids, "cve_allowlist"), checkedExpiry(expiresAt, "cve_allowlist.expires_at"));
    }

    public Optional<CveAllowlist> allowlist(long projectId) { return store.allowlist(projectId); }

    /** The system's CVE allowlist, used by projects whose {@code reuse_sys_cve_allowlist} is true (Harbor's project id 0). */
    public Optional<CveAllowlist> systemAllowlist() { return store.allowlist(CveAllowlist.SYSTEM); }

    /** Replaces the system's CVE allowlist (the endpoint is for administrators only). */
    public CveAllowlist replaceSystemAllowlist(List<String> ids, Long expiresAt) {
        return store.replaceAllowlist(CveAllowlist.SYSTEM, allowlistIds(ids, "items"), checkedExpiry(expiresAt, "expires_at"));
    }

    private static java.util.Set<String> allowlistIds(List<String> ids, String field) {
        java.util.Set<String> clean = new java.util.LinkedHashSet<>();
        for (String id : ids) {
            String v = id == null ? "" : id.strip();
            if (!v.matches("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}")) throw WharfException.badRequest(field + ": '" + id + "' is not a vulnerability id");
            clean.add(v);
        }
        return clean;
    }

    private static Long checkedExpiry(Long expiresAt, String field) {
        if (expiresAt != null && expiresAt < 0) {
            throw WharfException.badRequest(field + " must be seconds since the epoch");
        }
        return expiresAt;
    }

    /** The allowlists of a page of projects, in one query, by project id. */
    public java.util.Map<Long, CveAllowlist> allowlists(java.util.Collection<Long> projectIds) { return store.allowlists(projectIds); }

    public java.util.Map<String, ScanOverview> overviews(java.util.Collection<String> digests) { return store.overviews(digests); }

    private String resolve(String repository, String reference) {
        if (reference == null || reference.isBlank()) throw WharfException.badRequest("a tag or digest is required");
        if (RegistryReference.isDigest(reference) ? !RegistryReference.validDigest(reference) : !RegistryReference.validTag(reference)) {
            throw WharfException.badRequest("'" + reference + "' is not a valid " + (RegistryReference.isDigest(reference) ? "digest" : "tag"));
        }
        return manifests.fetch(repository, reference)
                .map(RegistryManifests.Fetched::digest)
                .orElseThrow(() -> WharfException.notFound("artifact " + repository + ":" + reference + " not found"));
    }

    private static String repositoryName(String name) {
        String problem = RepositoryName.problem(name);
        if (problem != null) throw WharfException.badRequest(problem);
        return name;
    }
}
