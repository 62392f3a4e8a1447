package io.wharf.robot;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.List;
import java.util.Optional;

/** Robot accounts in the database. */
@ApplicationScoped
public class RobotRepository {
    @PersistenceContext(unitName = "wharf")
    EntityManager em;

    public Optional<Robot> byFullName(String fullName) {
        return em.createNamedQuery("Robot.byFullName", Robot.class)
                .setParameter("name", fullName).getResultStream().findFirst();
    }

    public Optional<Robot> byId(long id) { return Optional.ofNullable(em.find(Robot.class, id)); }

    /** Every robot, those of one project, or those of one level (a few hundred at most: the API pages them in memory). */
    public List<Robot> list(Long projectId, String level) {
        if (projectId != null) return em.createNamedQuery("Robot.ofProject", Robot.class).setParameter("p", projectId).getResultList();
        if (level != null) return em.createNamedQuery("Robot.ofLevel", Robot.class).setParameter("level", level).getResultList();
        return em.createNamedQuery("Robot.all", Robot.class).getResultList();
    }

    public Robot add(Robot robot) {
        em.persist(robot);
        em.flush();
        return robot;
    }

    public void remove(Robot robot) { em.remove(robot); }
}
