package io.wharf.audit;

import io.wharf.common.Page;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;
import java.util.List;

/** Writing and reading audit log entries, newest first. */
@ApplicationScoped
public class AuditLog {
    @PersistenceContext(unitName = "wharf")
    EntityManager em;

    public void add(AuditLogEntry entry) { em.persist(entry); }

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
