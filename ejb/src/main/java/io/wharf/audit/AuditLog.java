package io.wharf.audit;

import io.wharf.common.Page;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.PersistenceException;
import jakarta.persistence.TypedQuery;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import javax.sql.DataSource;

/** Writing and reading audit log entries, newest first. */
@ApplicationScoped
public class AuditLog {
    @PersistenceContext(unitName = "wharf")
    EntityManager em;

    /** The same data source as the persistence unit: inside a transaction, the same connection. */
    @Resource(lookup = "jdbc/wharf")
    DataSource dataSource;

    private static final String INSERT = "INSERT INTO audit_log (project_id, username, resource, resource_type, operation, op_time)"
            + " VALUES (?, ?, ?, ?, ?, ?)";

    public void add(AuditLogEntry entry) { em.persist(entry); }

    /**
     * Many entries with one batched statement, in the caller's transaction. Pulls come by the
     * hundred a second: as entities, each would be a statement of its own plus a read of its
     * generated id, which nothing needs.
     */
    public void addAll(List<AuditLogEntry> entries) {
        if (entries.isEmpty()) return;
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(INSERT)) {
            for (AuditLogEntry e : entries) {
                ps.setLong(1, e.getProjectId());
                ps.setString(2, e.getUsername());
                ps.setString(3, e.getResource());
                ps.setString(4, e.getResourceType());
                ps.setString(5, e.getOperation());
                ps.setTimestamp(6, Timestamp.from(e.getOpTime()));
                ps.addBatch();
            }
            ps.executeBatch();
        } catch (SQLException e) {
            throw new PersistenceException("cannot write " + entries.size() + " audit log entries", e);
        }
    }

    /** One page of entries, of one project when {@code projectId} is given, of all otherwise. */
    public Page<AuditLogEntry> page(Long projectId, String operation, int page, int pageSize) {
        String where = " where 1 = 1" + (projectId == null ? "" : " and a.projectId = :p")
                + (operation == null ? "" : " and a.operation = :op");
        TypedQuery<AuditLogEntry> q = em.createQuery("select a from AuditLogEntry a" + where
                + " order by a.opTime desc, a.id desc", AuditLogEntry.class);
        TypedQuery<Long> count = em.createQuery("select count(a) from AuditLogEntry a" + where, Long.class);
        if (projectId != null) {
            q.setParameter("p", projectId);
            count.setParameter("p", projectId);
        }
        if (operation != null) {
            q.setParameter("op", operation);
            count.setParameter("op", operation);
        }
        List<AuditLogEntry> items = q.setFirstResult((page - 1) * pageSize).setMaxResults(pageSize).getResultList();
        return new Page<>(items, count.getSingleResult(), page, pageSize);
    }
}
