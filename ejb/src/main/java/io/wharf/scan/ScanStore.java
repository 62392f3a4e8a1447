package io.wharf.scan;

import io.wharf.scan.spi.ScannerInfo;
import io.wharf.scanner.Finding;
import io.wharf.scanner.Severity;
import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Scan jobs, overviews, reports and allowlists in the database; each call is one short transaction. */
@Stateless
public class ScanStore {
    static final List<ScanStatus> ACTIVE = List.of(ScanStatus.PENDING, ScanStatus.SCHEDULED, ScanStatus.RUNNING);

    @PersistenceContext(unitName = "wharf")
    EntityManager em;

    /** The same data source as the persistence unit: inside a transaction, the same connection. */
    @jakarta.annotation.Resource(lookup = "jdbc/wharf")
    javax.sql.DataSource dataSource;

    /** A new scan job, or the one already pending or running for the same digest. */
    public record Created(ScanJob job, boolean isNew) {}

    public Optional<ScanJob> find(String id) { return Optional.ofNullable(em.find(ScanJob.class, id)); }

    public Optional<ScanJob> activeFor(String digest) {
        return em.createQuery("select j from ScanJob j where j.digest = :d and j.status in :s order by j.createTime desc", ScanJob.class)
                .setParameter("d", digest).setParameter("s", ACTIVE).setMaxResults(1)
                .getResultStream().findFirst();
    }

    /**
     * Records a pending scan unless one is already pending or running for the digest. The overview
     * row is the lock: two requests for the same digest queue one scan.
     */
    public Created createPending(ScanJob job) {
        Instant now = job.getCreateTime();
        ScanOverview overview = em.find(ScanOverview.class, job.getDigest(), LockModeType.PESSIMISTIC_WRITE);
        Optional<ScanJob> active = activeFor(job.getDigest());
        if (active.isPresent()) return new Created(active.get(), false);
        em.persist(job);
        if (overview == null) {
            em.persist(new ScanOverview(job.getDigest(), job.getId(), now));
        } else {
            overview.restart(job.getId(), now);
        }
        return new Created(job, true);
    }

    public void attachJob(String scanId, String jobId) {
        ScanJob job = em.find(ScanJob.class, scanId);
        if (job != null) job.attachJob(jobId);
    }

    /** Applies a status change; a final scan stays final. Returns the job as it is now.
     * Only {@link ScanLifecycle} calls it (public for the EJB view only). */
    public Optional<ScanJob> moveTo(String scanId, ScanStatus status, String message) {
        ScanJob job = em.find(ScanJob.class, scanId, LockModeType.PESSIMISTIC_WRITE);
        if (job == null) return Optional.empty();
        Instant now = Instant.now();
        if (message != null && !message.isBlank() && (status == ScanStatus.ERROR || status == ScanStatus.SCHEDULED)) {
            job.message(message);
        }
        if (job.moveTo(status, now)) {
            ScanOverview overview = em.find(ScanOverview.class, job.getDigest());
            if (overview != null && overview.getScanJobId().equals(scanId)) overview.status(status, now);
        }
        return Optional.of(job);
    }

    /** Replaces the digest's report with these findings and marks the scan done. */
    public void saveReport(String scanId, ScannerInfo scanner, List<Finding> findings) {
        saveReport(scanId, scanner, findings, null, null);
    }

    /**
     * Replaces the digest's report with these findings, matched against the vulnerability data of
     * {@code dataGeneration} (last updated at {@code dataUpdatedAt}; both null for other scanners),
     * and marks the scan done.
     */
    public void saveReport(String scanId, ScannerInfo scanner, List<Finding> findings, Long dataGeneration, Instant dataUpdatedAt) {
        ScanJob job = em.find(ScanJob.class, scanId, LockModeType.PESSIMISTIC_WRITE);
        if (job == null) throw new IllegalStateException("scan job " + scanId + " no longer exists");
        String digest = job.getDigest();
        Instant now = Instant.now();
        ReportCounts counts = replaceFindings(digest, findings);
        ScanOverview overview = em.find(ScanOverview.class, digest, LockModeType.PESSIMISTIC_WRITE);
        if (overview == null) {
            overview = new ScanOverview(digest, scanId, now);
            em.persist(overview);
        } else if (!overview.getScanJobId().equals(scanId)) {
            overview.restart(scanId, now);
        }
        overview.report(counts.bySeverity, counts.fixable, counts.highest, scanner.name(), scanner.vendor(), scanner.version(), now);
        overview.data(dataGeneration, dataUpdatedAt);
        job.moveTo(ScanStatus.SUCCESS, now);
        job.message(null);
    }

    /** A report rematched against new data without a scan: what changed, for the caller's events. */
    public record Rematched(boolean findingsChanged, Severity before, Severity after) {
        /** Whether the overall severity went up (None counts as below Unknown). */
        public boolean severityRose() {
            if (after == null) return false;
            if (before == null) return true;
            return after.compareTo(before) < 0;
        }
    }

    /**
     * Replaces a finished report's findings with those rematched against new data. Only a report
     * still made by {@code reportId} is touched: a scan that finished meanwhile has newer findings.
     * A report whose overall severity went up gets a {@code severity_rose} audit entry in the
     * same transaction (webhooks will deliver it as an event).
     */
    public Optional<Rematched> rematch(String digest, String reportId, List<Finding> findings, long dataGeneration,
                                       Instant dataUpdatedAt, Long projectId, String repository) {
        ScanOverview overview = em.find(ScanOverview.class, digest, LockModeType.PESSIMISTIC_WRITE);
        if (overview == null || !overview.getScanJobId().equals(reportId) || overview.getStatus() != ScanStatus.SUCCESS) {
            return Optional.empty();
        }
        Severity before = overview.getSeverity();
        boolean changed = !fingerprint(vulnerabilities(digest)).equals(fingerprintOf(findings));
        if (changed) {
            ReportCounts counts = replaceFindings(digest, findings);
            overview.report(counts.bySeverity, counts.fixable, counts.highest, overview.getScannerName(),
                    overview.getScannerVendor(), overview.getScannerVersion(), Instant.now());
        }
        overview.data(dataGeneration, dataUpdatedAt);
        Rematched result = new Rematched(changed, before, overview.getSeverity());
        if (result.severityRose() && projectId != null) {
            em.persist(new io.wharf.audit.AuditLogEntry(projectId, "system", repository + "@" + digest,
                    VulnDbRematchJob.SEVERITY_ROSE, Instant.now()));
        }
        return Optional.of(result);
    }

    /** Finished embedded-scanner reports: digest, repository and report id, oldest data first. */
    public List<Object[]> reportsToRematch(String scannerName, int first, int max) {
        return em.createQuery("select o.digest, j.repository, o.scanJobId, j.projectId from ScanOverview o, ScanJob j"
                        + " where j.id = o.scanJobId and o.status = :s and o.scannerName = :n order by o.digest", Object[].class)
                .setParameter("s", ScanStatus.SUCCESS).setParameter("n", scannerName)
                .setFirstResult(first).setMaxResults(max).getResultList();
    }

    public long countReportsToRematch(String scannerName) {
        return em.createQuery("select count(o) from ScanOverview o where o.status = :s and o.scannerName = :n", Long.class)
                .setParameter("s", ScanStatus.SUCCESS).setParameter("n", scannerName).getSingleResult();
    }

    private record ReportCounts(Map<Severity, Integer> bySeverity, int fixable, Severity highest) {}

    private ReportCounts replaceFindings(String digest, List<Finding> findings) {
        em.createQuery("delete from ScanVulnerability v where v.digest = :d").setParameter("d", digest).executeUpdate();
        Map<String, Finding> unique = new LinkedHashMap<>();
        for (Finding f : findings) {
            unique.putIfAbsent(f.vulnerabilityId() + "|" + f.packageName() + "|" + f.installedVersion(), f);
        }
        Map<Severity, Integer> counts = new EnumMap<>(Severity.class);
        int fixable = 0;
        Severity highest = null;
        List<ScanVulnerability> rows = new java.util.ArrayList<>(unique.size());
        for (Finding f : unique.values()) {
            // An alias is another id of the vulnerability; a secdb path such as v3.18/main/aom is not one.
            List<String> aliases = f.aliases().stream().filter(a -> !a.contains("/")).toList();
            rows.add(new ScanVulnerability(digest, f.vulnerabilityId(), aliases, f.packageName(), f.installedVersion(),
                    f.fixedVersion(), f.severity(), f.description(), f.links(), f.layerDigest())
                    .rated(f.preferredCvss(), f.cweIds(), f.severitySource(), f.cvss()));
            counts.merge(f.severity(), 1, Integer::sum);
            if (f.fixedVersion() != null && !f.fixedVersion().isBlank()) fixable++;
            if (highest == null || f.severity().isAtLeast(highest)) highest = f.severity();
        }
        insertAll(rows);
        return new ReportCounts(counts, fixable, highest);
    }

    /**
     * The findings with one batched statement, in this transaction (the persistence unit's data source: the
     * same connection). As entities, each would be an INSERT of its own plus a read of its generated id, which
     * nothing needs: scan all writes tens of findings per image, thousands of images in a row.
     */
    private void insertAll(List<ScanVulnerability> rows) {
        if (rows.isEmpty()) return;
        try (java.sql.Connection c = dataSource.getConnection(); java.sql.PreparedStatement ps = c.prepareStatement(ScanVulnerability.INSERT)) {
            for (ScanVulnerability v : rows) {
                v.bind(ps);
                ps.addBatch();
            }
            ps.executeBatch();
        } catch (java.sql.SQLException e) {
            throw new jakarta.persistence.PersistenceException("could not write the report's findings: " + e.getMessage(), e);
        }
    }

    /** What a user reads off a finding; a rematch that changes none of it leaves the report alone. */
    private static Set<String> fingerprint(List<ScanVulnerability> stored) {
        Set<String> result = new HashSet<>();
        for (ScanVulnerability v : stored) {
            result.add(v.getVulnerabilityId() + "|" + v.getPackageName() + "|" + v.getVersion() + "|" + v.getFixVersion() + "|" + v.getSeverity());
        }
        return result;
    }

    private static Set<String> fingerprintOf(List<Finding> findings) {
        Set<String> result = new HashSet<>();
        for (Finding f : findings) {
            result.add(f.vulnerabilityId() + "|" + f.packageName() + "|" + f.installedVersion() + "|" + f.fixedVersion() + "|" + f.severity());
        }
        return result;
    }

    public Optional<ScanOverview> overview(String digest) { return Optional.ofNullable(em.find(ScanOverview.class, digest)); }

    public Map<String, ScanOverview> overviews(Collection<String> digests) {
        Map<String, ScanOverview> result = new HashMap<>();
        if (digests.isEmpty()) return result;
        em.createQuery("select o from ScanOverview o where o.digest in :d", ScanOverview.class)
                .setParameter("d", new HashSet<>(digests)).getResultList()
                .forEach(o -> result.put(o.getDigest(), o));
        return result;
    }

    public List<ScanVulnerability> vulnerabilities(String digest) {
        return em.createQuery("select v from ScanVulnerability v where v.digest = :d order by v.severity, v.vulnerabilityId, v.packageName",
                ScanVulnerability.class).setParameter("d", digest).getResultList();
    }

    /** Scans still pending or running whose last change is older than {@code before}: candidates for a check. */
    public List<ScanJob> unfinishedSince(Instant before, int max) {
        return em.createQuery("select j from ScanJob j where j.status in :s and j.updateTime < :t order by j.updateTime", ScanJob.class)
                .setParameter("s", ACTIVE).setParameter("t", before).setMaxResults(max).getResultList();
    }

    // --- scan all ---

    public Optional<ScanAllRun> ongoingRun() {
        return em.createQuery("select r from ScanAllRun r where r.ongoing = true order by r.startTime desc", ScanAllRun.class)
                .setMaxResults(1).getResultStream().findFirst();
    }

    public Optional<ScanAllRun> latestRun() {
        return em.createQuery("select r from ScanAllRun r order by r.startTime desc", ScanAllRun.class)
                .setMaxResults(1).getResultStream().findFirst();
    }

    public Optional<ScanAllRun> run(String id) { return Optional.ofNullable(em.find(ScanAllRun.class, id)); }

    public ScanAllRun startRun(String id, String trigger) {
        ScanAllRun run = new ScanAllRun(id, trigger, Instant.now());
        em.persist(run);
        return run;
    }

    public void attachRunJob(String runId, String jobId) {
        ScanAllRun run = em.find(ScanAllRun.class, runId);
        if (run != null) run.jobId(jobId);
    }

    public void runTotal(String runId, int total) {
        ScanAllRun run = em.find(ScanAllRun.class, runId);
        if (run != null) run.total(total);
    }

    public void endRun(String runId, boolean stopped) {
        ScanAllRun run = em.find(ScanAllRun.class, runId);
        if (run != null && run.isOngoing()) run.end(stopped, Instant.now());
    }

    public void markRunStopped(String runId) {
        ScanAllRun run = em.find(ScanAllRun.class, runId);
        if (run != null) run.stop();
    }

    /** The digests this run has already queued a scan for (so a rerun of the fan-out queues none twice). */
    public Set<String> digestsInRun(String runId) {
        return new HashSet<>(em.createQuery("select j.digest from ScanJob j where j.scanAllId = :r", String.class)
                .setParameter("r", runId).getResultList());
    }

    public boolean inRun(String runId, String digest) {
        return em.createQuery("select count(j) from ScanJob j where j.scanAllId = :r and j.digest = :d", Long.class)
                .setParameter("r", runId).setParameter("d", digest).getSingleResult() > 0;
    }

    public long activeInRun(String runId) {
        return em.createQuery("select count(j) from ScanJob j where j.scanAllId = :r and j.status in :s", Long.class)
                .setParameter("r", runId).setParameter("s", ACTIVE).getSingleResult();
    }

    public List<ScanJob> activeJobsInRun(String runId) {
        return em.createQuery("select j from ScanJob j where j.scanAllId = :r and j.status in :s", ScanJob.class)
                .setParameter("r", runId).setParameter("s", ACTIVE).getResultList();
    }

    public Map<ScanStatus, Long> countsInRun(String runId) {
        Map<ScanStatus, Long> counts = new EnumMap<>(ScanStatus.class);
        for (Object[] row : em.createQuery("select j.status, count(j) from ScanJob j where j.scanAllId = :r group by j.status", Object[].class)
                .setParameter("r", runId).getResultList()) {
            counts.put((ScanStatus) row[0], (Long) row[1]);
        }
        return counts;
    }

    public Optional<ScanAllSchedule> schedule() { return Optional.ofNullable(em.find(ScanAllSchedule.class, ScanAllSchedule.ID)); }

    public ScanAllSchedule saveSchedule(String type, String cron, String jobId) {
        ScanAllSchedule s = em.find(ScanAllSchedule.class, ScanAllSchedule.ID, LockModeType.PESSIMISTIC_WRITE);
        if (s == null) {
            s = new ScanAllSchedule(type, cron, jobId, Instant.now());
            em.persist(s);
        } else {
            s.set(type, cron, jobId, Instant.now());
        }
        return s;
    }

    // --- allowlists ---

    public Optional<CveAllowlist> allowlist(long projectId) { return Optional.ofNullable(em.find(CveAllowlist.class, projectId)); }

    /** The allowlists of a page of projects, in one query, by project id (a project without one has no entry). */
    public Map<Long, CveAllowlist> allowlists(Collection<Long> projectIds) {
        Map<Long, CveAllowlist> result = new HashMap<>();
        if (projectIds.isEmpty()) return result;
        em.createQuery("select a from CveAllowlist a where a.projectId in :p", CveAllowlist.class)
                .setParameter("p", new HashSet<>(projectIds)).getResultList().forEach(a -> result.put(a.getProjectId(), a));
        return result;
    }

    public CveAllowlist replaceAllowlist(long projectId, Set<String> ids, Long expiresAt) {
        CveAllowlist list = em.find(CveAllowlist.class, projectId);
        if (list == null) {
            list = new CveAllowlist(projectId);
            list.replace(ids, expiresAt, Instant.now());
            em.persist(list);
        } else {
            list.replace(ids, expiresAt, Instant.now());
        }
        return list;
    }
}
