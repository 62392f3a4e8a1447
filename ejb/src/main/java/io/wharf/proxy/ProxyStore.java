package io.wharf.proxy;

import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.List;
import java.util.Optional;

/** Proxy cache projects and their manifest states in the database. */
@Stateless
public class ProxyStore {
    /** At most this many pending manifests of a repository are retried after a blob arrives. */
    static final int MAX_PENDING_RETRIED = 50;

    @PersistenceContext(unitName = "wharf")
    EntityManager em;

    public void link(long projectId, long registryId) { em.persist(new ProxyProject(projectId, registryId)); }

    public Optional<Long> registryOfProject(long projectId) {
        return Optional.ofNullable(em.find(ProxyProject.class, projectId)).map(ProxyProject::getRegistryId);
    }

    public Optional<Long> registryOfProjectNamed(String projectName) {
        return em.createQuery("select pp.registryId from ProxyProject pp, Project p"
                        + " where p.id = pp.projectId and p.name = :n", Long.class)
                .setParameter("n", projectName).getResultStream().findFirst();
    }

    public Optional<ProxyManifest> manifest(String repository, String reference) {
        return em.createQuery("select m from ProxyManifest m where m.repository = :r and m.reference = :ref", ProxyManifest.class)
                .setParameter("r", repository).setParameter("ref", reference).getResultStream().findFirst();
    }

    public List<ProxyManifest> pending(String repository) {
        return em.createQuery("select m from ProxyManifest m where m.repository = :r and m.pendingBody is not null order by m.id",
                        ProxyManifest.class)
                .setParameter("r", repository).setMaxResults(MAX_PENDING_RETRIED).getResultList();
    }

    /** Records what the upstream answered for a reference, pending until the registry holds it. */
    public void pending(String repository, String reference, String digest, String mediaType, byte[] body) {
        ProxyManifest m = manifest(repository, reference).orElseGet(() -> {
            ProxyManifest fresh = new ProxyManifest(repository, reference);
            em.persist(fresh);
            return fresh;
        });
        m.pending(digest, mediaType, body);
    }

    public void stored(String repository, String reference, String digest) {
        manifest(repository, reference).ifPresent(m -> m.stored(digest));
    }

    public void checked(String repository, String reference) {
        manifest(repository, reference).ifPresent(ProxyManifest::checked);
    }
}
