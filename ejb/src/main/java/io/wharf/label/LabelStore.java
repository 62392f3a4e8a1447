package io.wharf.label;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Labels and their attachments in the database. */
@ApplicationScoped
public class LabelStore {
    @PersistenceContext(unitName = "wharf")
    EntityManager em;

    public Optional<Label> find(long id) { return Optional.ofNullable(em.find(Label.class, id)); }

    public Optional<Label> byName(String name, String scope, long projectId) {
        return em.createQuery("select l from Label l where l.name = :n and l.scope = :s and l.projectId = :p", Label.class)
                .setParameter("n", name).setParameter("s", scope).setParameter("p", projectId).getResultStream().findFirst();
    }

    public List<Label> list(String scope, long projectId, String nameFragment, int first, int max) {
        return em.createQuery("select l from Label l where l.scope = :s and l.projectId = :p and l.name like :q order by l.name", Label.class)
                .setParameter("s", scope).setParameter("p", projectId).setParameter("q", like(nameFragment))
                .setFirstResult(first).setMaxResults(max).getResultList();
    }

    public long count(String scope, long projectId, String nameFragment) {
        return em.createQuery("select count(l) from Label l where l.scope = :s and l.projectId = :p and l.name like :q", Long.class)
                .setParameter("s", scope).setParameter("p", projectId).setParameter("q", like(nameFragment)).getSingleResult();
    }

    public Label add(Label label) {
        em.persist(label);
        em.flush();
        return label;
    }

    public void remove(Label label) {
        em.createQuery("delete from ArtifactLabel a where a.labelId = :l").setParameter("l", label.getId()).executeUpdate();
        em.remove(label);
    }

    public Optional<ArtifactLabel> attachment(long artifactId, long labelId) {
        return em.createQuery("select a from ArtifactLabel a where a.artifactId = :a and a.labelId = :l", ArtifactLabel.class)
                .setParameter("a", artifactId).setParameter("l", labelId).getResultStream().findFirst();
    }

    public void attach(ArtifactLabel attachment) { em.persist(attachment); }

    public void detach(ArtifactLabel attachment) { em.remove(attachment); }

    /** The labels of each of these artifacts (artifact id to labels, by name). */
    public Map<Long, List<Label>> labelsOf(Collection<Long> artifactIds) {
        Map<Long, List<Label>> out = new HashMap<>();
        if (artifactIds.isEmpty()) return out;
        for (Object[] row : em.createQuery("select a.artifactId, l from ArtifactLabel a, Label l where a.labelId = l.id"
                        + " and a.artifactId in :ids order by l.name", Object[].class)
                .setParameter("ids", artifactIds).getResultList()) {
            out.computeIfAbsent((Long) row[0], k -> new java.util.ArrayList<>()).add((Label) row[1]);
        }
        return out;
    }

    /** Removes the labels of a project that goes away, and their attachments. */
    public void removeProjectLabels(long projectId) {
        em.createQuery("delete from ArtifactLabel a where a.labelId in (select l.id from Label l where l.scope = 'p' and l.projectId = :p)")
                .setParameter("p", projectId).executeUpdate();
        em.createQuery("delete from Label l where l.scope = 'p' and l.projectId = :p").setParameter("p", projectId).executeUpdate();
    }

    private static String like(String fragment) {
        return fragment == null || fragment.isBlank() ? "%" : "%" + fragment.replace("%", "").replace("_", "\\_") + "%";
    }
}
