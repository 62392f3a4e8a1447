package io.wharf.metrics;

import io.wharf.jobservice.JobQueue;
import io.wharf.metrics.RegistryCounts.Pair;
import io.wharf.metrics.RegistryCounts.ProjectCounts;
import io.wharf.project.Project;
import io.wharf.scan.VulnDbService;
import io.wharf.scanner.DatabaseState;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/** The grouped counts behind the gauges: a handful of GROUP BY queries, whatever the number of rows. */
@ApplicationScoped
public class RegistryCountQueries {
    private static final Logger LOG = Logger.getLogger(RegistryCountQueries.class.getName());

    @PersistenceContext(unitName = "wharf")
    EntityManager em;

    @Inject JobQueue queue;
    @Inject VulnDbService vulndb;

    public RegistryCounts count() {
        Map<Long, Long> repos = new HashMap<>();
        Map<Long, Long> pulls = new HashMap<>();
        for (Object[] row : rows("SELECT r.projectId, COUNT(r), SUM(r.pullCount) FROM RepositoryRecord r GROUP BY r.projectId")) {
            repos.put((Long) row[0], number(row[1]));
            pulls.put((Long) row[0], number(row[2]));
        }
        Map<Long, Long> members = byProject("SELECT m.projectId, COUNT(m) FROM ProjectMember m GROUP BY m.projectId");
        Map<Long, Long> bytes = byProject("SELECT a.projectId, SUM(a.size) FROM Artifact a GROUP BY a.projectId");
        Map<String, ProjectCounts> projects = new HashMap<>();
        for (Project p : em.createQuery("SELECT p FROM Project p", Project.class).getResultList()) {
            long id = p.getId();
            projects.put(p.getName(), new ProjectCounts(p.isPublic(), repos.getOrDefault(id, 0L),
                    members.getOrDefault(id, 0L), pulls.getOrDefault(id, 0L), bytes.getOrDefault(id, 0L)));
        }
        Map<Pair, Long> jobs = pairs("SELECT j.name, j.status, COUNT(j) FROM Job j GROUP BY j.name, j.status");
        Map<Pair, Long> scans = pairs("SELECT o.status, o.scannerName, COUNT(o) FROM ScanOverview o GROUP BY o.status, o.scannerName");
        long depth;
        try {
            depth = queue.depth();
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "Queue depth not read", e);
            depth = -1;
        }
        long age = -1;
        long generation = 0;
        try {
            DatabaseState state = vulndb.state();
            generation = state.generation();
            if (!state.empty() && state.updatedAt() != null) {
                age = Math.max(0, Duration.between(state.updatedAt(), Instant.now()).toSeconds());
            }
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "Vulnerability database state not read", e);
        }
        return new RegistryCounts(projects, jobs, scans, depth, age, generation);
    }

    @SuppressWarnings("unchecked")
    private List<Object[]> rows(String jpql) {
        return em.createQuery(jpql).getResultList();
    }

    private Map<Long, Long> byProject(String jpql) {
        Map<Long, Long> out = new HashMap<>();
        for (Object[] row : rows(jpql)) out.put((Long) row[0], number(row[1]));
        return out;
    }

    private Map<Pair, Long> pairs(String jpql) {
        Map<Pair, Long> out = new HashMap<>();
        for (Object[] row : rows(jpql)) {
            out.merge(new Pair(label(row[0]), label(row[1])), number(row[2]), Long::sum);
        }
        return out;
    }

    private static String label(Object value) {
        if (value instanceof io.wharf.jobservice.JobStatus s) return s.wire();
        if (value instanceof io.wharf.scan.ScanStatus s) return s.wire();
        return value == null ? "" : value instanceof Enum<?> e ? e.name() : value.toString();
    }

    private static long number(Object value) {
        return value == null ? 0 : ((Number) value).longValue();
    }
}
