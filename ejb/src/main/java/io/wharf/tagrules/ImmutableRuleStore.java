package io.wharf.tagrules;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.List;
import java.util.Optional;

/** Immutability rules in the database. */
@ApplicationScoped
public class ImmutableRuleStore {
    @PersistenceContext(unitName = "wharf")
    EntityManager em;

    public List<ImmutableRule> ofProject(long projectId) {
        return em.createQuery("select r from ImmutableRule r where r.projectId = :p order by r.id", ImmutableRule.class)
                .setParameter("p", projectId).getResultList();
    }

    public Optional<ImmutableRule> find(long id) { return Optional.ofNullable(em.find(ImmutableRule.class, id)); }

    public ImmutableRule add(ImmutableRule rule) {
        em.persist(rule);
        em.flush();
        return rule;
    }

    public void remove(ImmutableRule rule) { em.remove(em.contains(rule) ? rule : em.merge(rule)); }
}
