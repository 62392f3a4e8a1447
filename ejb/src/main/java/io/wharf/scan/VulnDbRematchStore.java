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
        VulnDbRematch row = em.find(VulnDbRematch.class, jobId);
        if (row == null) return false;
        boolean again = row.isAnotherPass();
        row.end(again && status.equals("Success") ? "Running" : status, Instant.now());
        return again && status.equals("Success");
    }

    public void requestAnotherPass(String jobId) {
        VulnDbRematch row = em.find(VulnDbRematch.class, jobId);
        if (row != null) row.anotherPass();
    }

    public Optional<VulnDbRematch> latest() {
        return em.createQuery("select r from VulnDbRematch r order by r.startTime desc", VulnDbRematch.class)
                .setMaxResults(1).getResultStream().findFirst();
    }
}
