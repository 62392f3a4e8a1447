package io.wharf.project;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** User groups, their project memberships and which users belong to them, in the database. */
@ApplicationScoped
public class UserGroupRepository {
    @PersistenceContext(unitName = "wharf")
    EntityManager em;

    public Optional<UserGroup> byId(long id) { return Optional.ofNullable(em.find(UserGroup.class, id)); }

    public Optional<UserGroup> byDn(String dn) {
        return em.createQuery("select g from UserGroup g where g.ldapGroupDn = :dn", UserGroup.class)
                .setParameter("dn", UserGroup.normalizeDn(dn)).getResultStream().findFirst();
    }

    public List<UserGroup> byDns(Collection<String> dns) {
        if (dns.isEmpty()) return List.of();
        return em.createQuery("select g from UserGroup g where g.ldapGroupDn in :dns", UserGroup.class)
                .setParameter("dns", dns.stream().map(UserGroup::normalizeDn).toList()).getResultList();
    }

    /** Groups whose name contains the fragment (all when null), and with this DN when given, by name. */
    public List<UserGroup> search(String nameFragment, String dn, int first, int max) {
        var q = em.createQuery("select g from UserGroup g where g.groupName like :q"
                + (dn == null ? "" : " and g.ldapGroupDn = :dn") + " order by g.groupName, g.id", UserGroup.class)
                .setParameter("q", like(nameFragment));
        if (dn != null) q.setParameter("dn", UserGroup.normalizeDn(dn));
        return q.setFirstResult(first).setMaxResults(max).getResultList();
    }

    public long countSearch(String nameFragment, String dn) {
        var q = em.createQuery("select count(g) from UserGroup g where g.groupName like :q"
                + (dn == null ? "" : " and g.ldapGroupDn = :dn"), Long.class).setParameter("q", like(nameFragment));
        if (dn != null) q.setParameter("dn", UserGroup.normalizeDn(dn));
        return q.getSingleResult();
    }

    public List<UserGroup> byIds(Collection<Long> ids) {
        if (ids.isEmpty()) return List.of();
        return em.createQuery("select g from UserGroup g where g.id in :ids", UserGroup.class)
                .setParameter("ids", ids).getResultList();
    }

    public UserGroup add(UserGroup group) {
        em.persist(group);
        em.flush();
        return group;
    }

    public void remove(UserGroup group) {
        em.createQuery("delete from ProjectGroupMember m where m.groupId = :g").setParameter("g", group.getId()).executeUpdate();
        em.createQuery("delete from UserGroupLink l where l.groupId = :g").setParameter("g", group.getId()).executeUpdate();
        em.remove(group);
    }

    public List<ProjectGroupMember> membersOfProject(long projectId) {
        return em.createQuery("select m from ProjectGroupMember m where m.projectId = :p order by m.id", ProjectGroupMember.class)
                .setParameter("p", projectId).getResultList();
    }

    public Optional<ProjectGroupMember> member(long projectId, long groupId) {
        return em.createQuery("select m from ProjectGroupMember m where m.projectId = :p and m.groupId = :g", ProjectGroupMember.class)
                .setParameter("p", projectId).setParameter("g", groupId).getResultStream().findFirst();
    }

    public Optional<ProjectGroupMember> memberById(long id) { return Optional.ofNullable(em.find(ProjectGroupMember.class, id)); }

    public ProjectGroupMember addMember(ProjectGroupMember member) {
        em.persist(member);
        em.flush();
        return member;
    }

    public void removeMember(ProjectGroupMember member) { em.remove(member); }

    public void removeProject(long projectId) {
        em.createQuery("delete from ProjectGroupMember m where m.projectId = :p").setParameter("p", projectId).executeUpdate();
    }

    /** The project roles a user has through the groups they belonged to at their last sign-in. */
    public List<ProjectGroupMember> groupRolesOf(long userId) {
        return em.createQuery("select m from ProjectGroupMember m, UserGroupLink l where l.userId = :u and l.groupId = m.groupId",
                ProjectGroupMember.class).setParameter("u", userId).getResultList();
    }

    /** The ids of the groups recorded for a user, in order. */
    public List<Long> linkedGroupIds(long userId) {
        return em.createQuery("select l.groupId from UserGroupLink l where l.userId = :u order by l.groupId", Long.class)
                .setParameter("u", userId).getResultList();
    }

    /** Replaces the groups recorded for a user. */
    public void replaceLinks(long userId, Collection<Long> groupIds) {
        em.createQuery("delete from UserGroupLink l where l.userId = :u").setParameter("u", userId).executeUpdate();
        for (Long g : groupIds) em.persist(new UserGroupLink(userId, g));
        em.flush();
    }

    private static String like(String fragment) {
        return fragment == null ? "%" : "%" + fragment.replace("%", "").replace("_", "\\_") + "%";
    }
}
