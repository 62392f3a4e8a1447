package io.wharf.upstream;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.List;
import java.util.Optional;

/** Registry endpoints in the database. */
@ApplicationScoped
public class RegistryEndpointStore {
    @PersistenceContext(unitName = "wharf")
    EntityManager em;

    public Optional<RegistryEndpoint> find(long id) { return Optional.ofNullable(em.find(RegistryEndpoint.class, id)); }

    public Optional<RegistryEndpoint> byName(String name) {
        return em.createQuery("select r from RegistryEndpoint r where r.name = :n", RegistryEndpoint.class)
                .setParameter("n", name).getResultStream().findFirst();
    }

    public List<RegistryEndpoint> list(String nameFragment, int first, int max) {
        return em.createQuery("select r from RegistryEndpoint r where r.name like :q order by r.id", RegistryEndpoint.class)
                .setParameter("q", like(nameFragment)).setFirstResult(first).setMaxResults(max).getResultList();
    }

    public long count(String nameFragment) {
        return em.createQuery("select count(r) from RegistryEndpoint r where r.name like :q", Long.class)
                .setParameter("q", like(nameFragment)).getSingleResult();
    }

    public RegistryEndpoint add(RegistryEndpoint r) {
        em.persist(r);
        em.flush();
        return r;
    }

    public void remove(RegistryEndpoint r) { em.remove(r); }

    private static String like(String fragment) {
        return fragment == null || fragment.isBlank() ? "%" : "%" + fragment.replace("%", "").replace("_", "\\_") + "%";
    }
}
