package io.wharf.sbom;

import io.wharf.scan.ScanStatus;
import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** SBOM generations in the database; each call is one short transaction. */
@Stateless
public class SbomStore {
    static final List<ScanStatus> ACTIVE = List.of(ScanStatus.PENDING, ScanStatus.SCHEDULED, ScanStatus.RUNNING);

    @PersistenceContext(unitName = "wharf")
    EntityManager em;

    /** A new generation, or the one already pending or running for the digest. */
    public record Created(SbomReport report, boolean isNew) {}

    public Optional<SbomReport> find(String id) { return Optional.ofNullable(em.find(SbomReport.class, id)); }

    /** The digest's generation that is pending or running, if any. */
    public Optional<SbomReport> activeFor(String digest) {
        return em.createQuery("select r from SbomReport r where r.digest = :d and r.status in :s"
                        + " order by r.createTime desc", SbomReport.class)
                .setParameter("d", digest).setParameter("s", ACTIVE).setMaxResults(1)
                .getResultStream().findFirst();
    }

    public Created createPending(SbomReport report) {
        Optional<SbomReport> active = activeFor(report.getDigest());
        if (active.isPresent()) return new Created(active.get(), false);
        em.persist(report);
        return new Created(report, true);
    }

    public void attachJob(String id, String jobId) {
        SbomReport r = em.find(SbomReport.class, id);
        if (r != null) r.attachJob(jobId);
    }

    public Optional<SbomReport> moveTo(String id, ScanStatus next, String why) {
        SbomReport r = em.find(SbomReport.class, id, LockModeType.PESSIMISTIC_WRITE);
        if (r == null) return Optional.empty();
        r.moveTo(next, why, Instant.now());
        return Optional.of(r);
    }

    /** @return false when the generation had ended already (stopped, failed): its SBOM is not wanted */
    public boolean succeeded(String id, String sbomDigest) {
        SbomReport r = em.find(SbomReport.class, id, LockModeType.PESSIMISTIC_WRITE);
        return r != null && r.succeeded(sbomDigest, Instant.now());
    }

    /** The latest generation of each digest. */
    public Map<String, SbomReport> latest(Collection<String> digests) {
        Map<String, SbomReport> found = new HashMap<>();
        if (digests.isEmpty()) return found;
        for (SbomReport r : em.createQuery("select r from SbomReport r where r.digest in :d order by r.createTime", SbomReport.class)
                .setParameter("d", digests).getResultList()) {
            found.put(r.getDigest(), r);
        }
        return found;
    }
}
