package io.wharf.scan;

import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.Optional;

/** The rematch passes' progress rows. */
@Stateless
public class VulnDbRematchStore {
    @PersistenceContext(unitName = "wharf")
    EntityManager em;

    public VulnDbRematch start(String jobId, long total, Long generation) {
        VulnDbRematch row = em.find(VulnDbRematch.class, jobId);
        if (row == null) {
            row = new VulnDbRematch(jobId, total, generation, Instant.now());
            em.persist(row);
        } else {
            row.restart(total, generation);
        }
        return row;
    }

    public void progress(String jobId, long done, long changed, long rose, long skipped) {
        VulnDbRematch row = em.find(VulnDbRematch.class, jobId);
        if (row != null) row.progress(done, changed, rose, skipped);
    }

    /** Ends the pass; true when the data changed again meanwhile and another pass must follow. */
    public boolean end(String jobId, String status) {
        // Locked, so that a request for another pass either lands before this reads it or finds the pass ended.
        VulnDbRematch row = em.find(VulnDbRematch.class, jobId, jakarta.persistence.LockModeType.PESSIMISTIC_WRITE);
        if (row == null) return false;
        boolean again = row.isAnotherPass();
        row.end(again && status.equals("Success") ? "Running" : status, Instant.now());
        return again && status.equals("Success");
    }

    /**
     * Asks a rematch job for another pass. True when it will see the new data: it has not started
     * yet, or its pass is still running. False when its last pass already ended: the caller must
     * queue a new job.
     */
    public boolean requestAnotherPass(String jobId) {
        if (em.find(VulnDbRematch.class, jobId) == null) return true;
        return em.createQuery("update VulnDbRematch r set r.anotherPass = true where r.jobId = :id and r.status = 'Running'")
                .setParameter("id", jobId).executeUpdate() > 0;
    }

    public Optional<VulnDbRematch> latest() {
        return em.createQuery("select r from VulnDbRematch r order by r.startTime desc", VulnDbRematch.class)
                .setMaxResults(1).getResultStream().findFirst();
    }
}
