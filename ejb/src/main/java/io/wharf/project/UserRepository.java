package io.wharf.project;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Users in the database. */
@ApplicationScoped
public class UserRepository {
    @PersistenceContext(unitName = "wharf")
    EntityManager em;

    public Optional<UserAccount> byName(String username) {
        return em.createNamedQuery("UserAccount.byName", UserAccount.class)
                .setParameter("name", username).getResultStream().findFirst();
    }

    public Optional<UserAccount> byId(long id) { return Optional.ofNullable(em.find(UserAccount.class, id)); }

    public List<UserAccount> page(int first, int max) {
        return em.createNamedQuery("UserAccount.all", UserAccount.class)
                .setFirstResult(first).setMaxResults(max).getResultList();
    }

    public long count() { return em.createNamedQuery("UserAccount.count", Long.class).getSingleResult(); }

    public void remove(UserAccount user) { em.remove(user); }

    /** Administrators who can still sign in. */
    public long countEnabledAdmins() {
        return em.createQuery("select count(u) from UserAccount u where u.sysadmin = true"
                + " and not exists (select d from DisabledUser d where d.userId = u.id)", Long.class).getSingleResult();
    }

    public boolean isDisabled(long userId) { return em.find(DisabledUser.class, userId) != null; }

    /** Which of these users are disabled. */
    public Set<Long> disabledAmong(Collection<Long> userIds) {
        if (userIds.isEmpty()) return Set.of();
        return Set.copyOf(em.createQuery("select d.userId from DisabledUser d where d.userId in :ids", Long.class)
                .setParameter("ids", userIds).getResultList());
    }

    public void disable(long userId, String by) {
        if (!isDisabled(userId)) em.persist(new DisabledUser(userId, by));
    }

    public void enable(long userId) {
        DisabledUser row = em.find(DisabledUser.class, userId);
        if (row != null) em.remove(row);
    }

    public UserAccount add(UserAccount user) {
        em.persist(user);
        em.flush();
        return user;
    }

    /** Users whose name contains the fragment, by name. */
    public List<UserAccount> search(String fragment, int first, int max) {
        return em.createQuery("select u from UserAccount u where u.username like :q order by u.username", UserAccount.class)
                .setParameter("q", "%" + fragment.replace("%", "").replace("_", "\\_") + "%")
                .setFirstResult(first).setMaxResults(max).getResultList();
    }

    public long countSearch(String fragment) {
        return em.createQuery("select count(u) from UserAccount u where u.username like :q", Long.class)
                .setParameter("q", "%" + fragment.replace("%", "").replace("_", "\\_") + "%").getSingleResult();
    }
}
