package io.wharf.project;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** Projects and their members in the database. */
@ApplicationScoped
public class ProjectRepository {
    @PersistenceContext(unitName = "wharf")
    EntityManager em;

    public Optional<Project> byName(String name) {
        return em.createNamedQuery("Project.byName", Project.class)
                .setParameter("name", name).getResultStream().findFirst();
    }

    public Optional<Project> byId(long id) { return Optional.ofNullable(em.find(Project.class, id)); }

    public Project add(Project project) {
        em.persist(project);
        em.flush();
        return project;
    }

    public void remove(Project project) { em.remove(project); }

    /**
     * Projects the caller may see, as one query: all for an admin; otherwise public ones and those
     * the caller is a member of. {@code nameFragment} filters by substring when given.
     */
    public List<Project> visible(Caller caller, String nameFragment, Boolean publicOnly, int first, int max) {
        // The page's metadata in one more query (IN the page's ids), not one query per project.
        return visibleQuery(caller, nameFragment, publicOnly, Project.class, "p")
                .setHint("eclipselink.batch", "p.metadata").setHint("eclipselink.batch.type", "IN")
                .setFirstResult(first).setMaxResults(max).getResultList();
    }

    public long countVisible(Caller caller, String nameFragment, Boolean publicOnly) {
        return visibleQuery(caller, nameFragment, publicOnly, Long.class, "count(p)").getSingleResult();
    }

    private <T> TypedQuery<T> visibleQuery(Caller caller, String nameFragment, Boolean publicFilter,
                                           Class<T> type, String select) {
        StringBuilder jpql = new StringBuilder("select ").append(select).append(" from Project p where 1 = 1");
        // A robot sees the projects it has grants in (every project for a system robot's "*"), as in Harbor.
        java.util.Set<String> robotProjects = caller.isRobot() ? robotProjects(caller.robot()) : java.util.Set.of();
        boolean restrict = !caller.sysadmin() && !robotProjects.contains(RobotGrants.ALL_PROJECTS);
        if (restrict) {
            jpql.append(" and (exists (select 1 from Project q join q.metadata m where q = p and key(m) = 'public' and m = 'true')");
            if (!robotProjects.isEmpty()) jpql.append(" or p.name in :robotProjects");
            if (!caller.isAnonymous() && !caller.isRobot()) {
                jpql.append(" or exists (select 1 from ProjectMember pm where pm.projectId = p.id and pm.userId = :uid)");
                jpql.append(" or exists (select 1 from ProjectGroupMember gm, UserGroupLink gl"
                        + " where gm.projectId = p.id and gl.groupId = gm.groupId and gl.userId = :uid)");
            }
            jpql.append(")");
        }
        if (nameFragment != null) jpql.append(" and p.name like :name");
        if (publicFilter != null) {
            jpql.append(publicFilter
                    ? " and exists (select 1 from Project q2 join q2.metadata m2 where q2 = p and key(m2) = 'public' and m2 = 'true')"
                    : " and not exists (select 1 from Project q2 join q2.metadata m2 where q2 = p and key(m2) = 'public' and m2 = 'true')");
        }
        if (!select.startsWith("count")) jpql.append(" order by p.name");
        TypedQuery<T> q = em.createQuery(jpql.toString(), type);
        if (restrict && !caller.isAnonymous() && !caller.isRobot()) q.setParameter("uid", caller.userId());
        if (restrict && !robotProjects.isEmpty()) q.setParameter("robotProjects", robotProjects);
        if (nameFragment != null) q.setParameter("name", "%" + nameFragment.replace("%", "") + "%");
        return q;
    }

    /** The project names a robot has any grant in. */
    private static java.util.Set<String> robotProjects(RobotGrants grants) {
        java.util.Set<String> names = new java.util.HashSet<>();
        grants.byProject().forEach((name, rows) -> {
            if (!rows.isEmpty()) names.add(name);
        });
        return names;
    }

    public List<ProjectMember> members(long projectId) {
        return em.createNamedQuery("ProjectMember.ofProject", ProjectMember.class)
                .setParameter("projectId", projectId).getResultList();
    }

    public Optional<ProjectMember> member(long projectId, long userId) {
        return em.createNamedQuery("ProjectMember.find", ProjectMember.class)
                .setParameter("projectId", projectId).setParameter("userId", userId)
                .getResultStream().findFirst();
    }

    /** Every project membership of one user. */
    public List<ProjectMember> membershipsOf(long userId) {
        return em.createNamedQuery("ProjectMember.ofUser", ProjectMember.class)
                .setParameter("userId", userId).getResultList();
    }

    public Optional<ProjectMember> memberById(long memberId) {
        return Optional.ofNullable(em.find(ProjectMember.class, memberId));
    }

    public ProjectMember addMember(ProjectMember member) {
        em.persist(member);
        em.flush();
        return member;
    }

    public void removeMember(ProjectMember member) { em.remove(member); }

    public List<Project> byIds(Collection<Long> ids) {
        if (ids.isEmpty()) return List.of();
        return em.createQuery("select p from Project p where p.id in :ids", Project.class)
                .setParameter("ids", ids).getResultList();
    }
}
