package io.wharf.registry;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.LockModeType;
import java.util.List;
import java.util.Optional;

/** Repositories, artifacts and tags as Wharf recorded them. */
@ApplicationScoped
public class RegistryContent {
    @PersistenceContext(unitName = "wharf")
    EntityManager em;

    public Optional<RepositoryRecord> repository(String name) {
        return em.createQuery("select r from RepositoryRecord r where r.name = :n", RepositoryRecord.class)
                .setParameter("n", name).getResultStream().findFirst();
    }

    public Optional<RepositoryRecord> repositoryById(long id) { return Optional.ofNullable(em.find(RepositoryRecord.class, id)); }

    /** The repository row locked for update, so concurrent events for it apply one after another. */
    public Optional<RepositoryRecord> repositoryForUpdate(String name) {
        return em.createQuery("select r from RepositoryRecord r where r.name = :n", RepositoryRecord.class)
                .setParameter("n", name).setLockMode(LockModeType.PESSIMISTIC_WRITE).getResultStream().findFirst();
    }

    public RepositoryRecord add(RepositoryRecord repository) {
        em.persist(repository);
        em.flush();
        return repository;
    }

    public List<RepositoryRecord> repositories(long projectId, String nameFragment, int first, int max) {
        return em.createQuery("select r from RepositoryRecord r where r.projectId = :p and r.name like :q order by r.name",
                        RepositoryRecord.class)
                .setParameter("p", projectId).setParameter("q", like(nameFragment))
                .setFirstResult(first).setMaxResults(max).getResultList();
    }

    public long countRepositories(long projectId, String nameFragment) {
        return em.createQuery("select count(r) from RepositoryRecord r where r.projectId = :p and r.name like :q", Long.class)
                .setParameter("p", projectId).setParameter("q", like(nameFragment)).getSingleResult();
    }

    public List<RepositoryRecord> allRepositories() {
        return em.createQuery("select r from RepositoryRecord r order by r.name", RepositoryRecord.class).getResultList();
    }

    public void remove(RepositoryRecord repository) { em.remove(repository); }

    /** The most recently pushed tag, as {repository, tag}: what a server warming up asks for. */
    public Optional<String[]> newestTag() {
        return em.createQuery("select r.name, t.name from Tag t, RepositoryRecord r where t.repositoryId = r.id"
                        + " order by t.pushTime desc", Object[].class)
                .setMaxResults(1).getResultStream().findFirst()
                .map(row -> new String[] {(String) row[0], (String) row[1]});
    }

    /** Every recorded artifact as {project id, repository name, digest}, oldest repository first. */
    public List<Object[]> allArtifactDigests() {
        return em.createQuery("select r.projectId, r.name, a.digest from Artifact a, RepositoryRecord r"
                + " where a.repositoryId = r.id order by r.name, a.id", Object[].class).getResultList();
    }

    /**
     * The manifests of a repository that name {@code subjectDigest} as their subject, by digest,
     * from {@code after} (exclusive, null for the first page) on, at most {@code max}.
     */
    public List<Artifact> referrers(String repository, String subjectDigest, String after, int max) {
        return em.createQuery("select a from Artifact a, RepositoryRecord r where a.repositoryId = r.id and r.name = :r"
                        + " and a.subjectDigest = :s and a.digest > :after order by a.digest", Artifact.class)
                .setParameter("r", repository).setParameter("s", subjectDigest).setParameter("after", after == null ? "" : after)
                .setMaxResults(max).getResultList();
    }

    /** A repository's name by its id, or null. */
    public String repositoryName(long repositoryId) {
        RepositoryRecord r = em.find(RepositoryRecord.class, repositoryId);
        return r == null ? null : r.getName();
    }

    /**
     * An artifact that is not an accessory: it names no subject and has no cosign tag
     * ({@code sha256-<hex>.sig|.att|.sbom}). Harbor lists accessories under their subject only.
     */
    private static final String NOT_ACCESSORY = " and a.subjectDigest is null and not exists (select t from Tag t where t.artifactId = a.id"
            + " and (t.name like 'sha256-%.sig' or t.name like 'sha256-%.att' or t.name like 'sha256-%.sbom'))";

    /** A page of the repository's artifacts other than accessories, newest push first. */
    public List<Artifact> artifactsWithoutAccessories(long repositoryId, int first, int max) {
        return em.createQuery("select a from Artifact a where a.repositoryId = :r" + NOT_ACCESSORY
                        + " order by a.pushTime desc, a.id desc", Artifact.class)
                .setParameter("r", repositoryId).setFirstResult(first).setMaxResults(max).getResultList();
    }

    public long countArtifactsWithoutAccessories(long repositoryId) {
        return em.createQuery("select count(a) from Artifact a where a.repositoryId = :r" + NOT_ACCESSORY, Long.class)
                .setParameter("r", repositoryId).getSingleResult();
    }

    /** The digest a tag points at, as Wharf recorded it. */
    public Optional<String> digestOfTag(String repository, String tag) {
        return em.createQuery("select a.digest from Tag t, Artifact a, RepositoryRecord r where t.artifactId = a.id"
                        + " and t.repositoryId = r.id and r.name = :r and t.name = :t", String.class)
                .setParameter("r", repository).setParameter("t", tag).getResultStream().findFirst();
    }

    /**
     * Whether the records already hold this manifest in the repository and, when {@code tag} is
     * given, that tag points at it: a push event that finds so is a confirmation of what the
     * gateway recorded.
     */
    public boolean recorded(String repository, String digest, String tag) {
        if (tag == null || tag.isEmpty()) {
            return !em.createQuery("select a.id from Artifact a, RepositoryRecord r where a.repositoryId = r.id"
                            + " and r.name = :r and a.digest = :d", Long.class)
                    .setParameter("r", repository).setParameter("d", digest).setMaxResults(1).getResultList().isEmpty();
        }
        return digestOfTag(repository, tag).filter(digest::equals).isPresent();
    }

    public Optional<Artifact> artifact(long repositoryId, String digest) {
        return em.createQuery("select a from Artifact a where a.repositoryId = :r and a.digest = :d", Artifact.class)
                .setParameter("r", repositoryId).setParameter("d", digest).getResultStream().findFirst();
    }

    public Optional<Artifact> artifactById(long id) { return Optional.ofNullable(em.find(Artifact.class, id)); }

    public List<Artifact> artifacts(long repositoryId, int first, int max) {
        return em.createQuery("select a from Artifact a where a.repositoryId = :r order by a.pushTime desc, a.id desc", Artifact.class)
                .setParameter("r", repositoryId).setFirstResult(first).setMaxResults(max).getResultList();
    }

    public List<Artifact> allArtifacts(long repositoryId) {
        return em.createQuery("select a from Artifact a where a.repositoryId = :r", Artifact.class)
                .setParameter("r", repositoryId).getResultList();
    }

    public long countArtifacts(long repositoryId) {
        return em.createQuery("select count(a) from Artifact a where a.repositoryId = :r", Long.class)
                .setParameter("r", repositoryId).getSingleResult();
    }

    public Artifact add(Artifact artifact) {
        em.persist(artifact);
        em.flush();
        return artifact;
    }

    public void remove(Artifact artifact) {
        em.createQuery("delete from Tag t where t.artifactId = :a").setParameter("a", artifact.getId()).executeUpdate();
        em.createQuery("delete from ArtifactLabel l where l.artifactId = :a").setParameter("a", artifact.getId()).executeUpdate();
        em.remove(artifact);
    }

    public Optional<Tag> tag(long repositoryId, String name) {
        return em.createQuery("select t from Tag t where t.repositoryId = :r and t.name = :n", Tag.class)
                .setParameter("r", repositoryId).setParameter("n", name).getResultStream().findFirst();
    }

    public List<Tag> tags(long repositoryId) {
        return em.createQuery("select t from Tag t where t.repositoryId = :r order by t.name", Tag.class)
                .setParameter("r", repositoryId).getResultList();
    }

    public List<Tag> tagsOf(long artifactId) {
        return em.createQuery("select t from Tag t where t.artifactId = :a order by t.name", Tag.class)
                .setParameter("a", artifactId).getResultList();
    }

    public Tag add(Tag tag) {
        em.persist(tag);
        return tag;
    }

    public void remove(Tag tag) { em.remove(tag); }

    /** A tag deleted while the registry keeps it (see {@link DeletedTag}). */
    public Optional<DeletedTag> deletedTag(String repository, String tag) {
        return em.createQuery("select d from DeletedTag d where d.repositoryName = :r and d.name = :t", DeletedTag.class)
                .setParameter("r", repository).setParameter("t", tag).getResultStream().findFirst();
    }

    /** The names of a repository's deleted tags. */
    public java.util.Set<String> deletedTags(String repository) {
        return new java.util.HashSet<>(em.createQuery("select d.name from DeletedTag d where d.repositoryName = :r", String.class)
                .setParameter("r", repository).getResultList());
    }

    public void add(DeletedTag deleted) { em.persist(deleted); }

    public void remove(DeletedTag deleted) { em.remove(deleted); }

    /** Forgets the deleted tags that named a manifest now deleted itself (the registry dropped them too). */
    public void forgetDeletedTags(String repository, String digest) {
        em.createQuery("delete from DeletedTag d where d.repositoryName = :r and d.digest = :d")
                .setParameter("r", repository).setParameter("d", digest).executeUpdate();
    }

    /** Harbor's repository sort fields and the columns they order by. */
    public static final java.util.Map<String, String> REPOSITORY_ORDER = java.util.Map.of("name", "r.name",
            "creation_time", "r.creationTime", "update_time", "r.updateTime", "pull_count", "r.pullCount");

    /**
     * Repositories of these projects (all when {@code projectIds} is null) whose name contains the
     * fragment, ordered by {@code order}: pairs of a {@link #REPOSITORY_ORDER} key and descending.
     */
    public List<RepositoryRecord> repositoriesIn(java.util.Collection<Long> projectIds, String nameFragment,
                                                 List<java.util.Map.Entry<String, Boolean>> order, int first, int max) {
        if (projectIds != null && projectIds.isEmpty()) return List.of();
        StringBuilder jpql = new StringBuilder("select r from RepositoryRecord r where r.name like :q");
        if (projectIds != null) jpql.append(" and r.projectId in :p");
        jpql.append(" order by ");
        for (var o : order) jpql.append(REPOSITORY_ORDER.get(o.getKey())).append(o.getValue() ? " desc, " : " asc, ");
        jpql.append("r.name");
        var query = em.createQuery(jpql.toString(), RepositoryRecord.class).setParameter("q", like(nameFragment));
        if (projectIds != null) query.setParameter("p", projectIds);
        return query.setFirstResult(first).setMaxResults(max).getResultList();
    }

    public long countRepositoriesIn(java.util.Collection<Long> projectIds, String nameFragment) {
        if (projectIds != null && projectIds.isEmpty()) return 0;
        var query = em.createQuery("select count(r) from RepositoryRecord r where r.name like :q"
                + (projectIds != null ? " and r.projectId in :p" : ""), Long.class).setParameter("q", like(nameFragment));
        if (projectIds != null) query.setParameter("p", projectIds);
        return query.getSingleResult();
    }

    /** Every artifact of a project, newest push first, at most {@code max}. */
    public List<Artifact> projectArtifacts(long projectId, int first, int max) {
        // The page's ids first, from the index alone: a deep page then skips index entries, not rows.
        List<Long> ids = em.createQuery("select a.id from Artifact a where a.projectId = :p order by a.pushTime desc, a.id desc", Long.class)
                .setParameter("p", projectId).setFirstResult(first).setMaxResults(max).getResultList();
        if (ids.isEmpty()) return List.of();
        java.util.Map<Long, Artifact> byId = new java.util.HashMap<>();
        em.createQuery("select a from Artifact a where a.id in :ids", Artifact.class).setParameter("ids", ids).getResultList()
                .forEach(a -> byId.put(a.getId(), a));
        return ids.stream().map(byId::get).filter(java.util.Objects::nonNull).toList();
    }

    public long countProjectArtifacts(long projectId) {
        return em.createQuery("select count(a) from Artifact a where a.projectId = :p", Long.class)
                .setParameter("p", projectId).getSingleResult();
    }

    /**
     * The tags of many artifacts in one query (a listing's page), by artifact id, each list by name;
     * an artifact without tags has no entry.
     */
    public java.util.Map<Long, List<Tag>> tagsOf(java.util.Collection<Long> artifactIds) {
        java.util.Map<Long, List<Tag>> byArtifact = new java.util.HashMap<>();
        for (List<Long> chunk : chunks(artifactIds)) {
            for (Tag t : em.createQuery("select t from Tag t where t.artifactId in :a order by t.name", Tag.class)
                    .setParameter("a", chunk).getResultList()) {
                byArtifact.computeIfAbsent(t.getArtifactId(), k -> new java.util.ArrayList<>()).add(t);
            }
        }
        return byArtifact;
    }

    /** How many artifacts each of these repositories holds, in one query; a repository without any has no entry. */
    public java.util.Map<Long, Long> countArtifacts(java.util.Collection<Long> repositoryIds) {
        java.util.Map<Long, Long> counts = new java.util.HashMap<>();
        for (List<Long> chunk : chunks(repositoryIds)) {
            for (Object[] row : em.createQuery("select a.repositoryId, count(a) from Artifact a where a.repositoryId in :r"
                    + " group by a.repositoryId", Object[].class).setParameter("r", chunk).getResultList()) {
                counts.put((Long) row[0], (Long) row[1]);
            }
        }
        return counts;
    }

    /** How many repositories each of these projects holds, in one query; a project without any has no entry. */
    public java.util.Map<Long, Long> countRepositoriesByProject(java.util.Collection<Long> projectIds) {
        java.util.Map<Long, Long> counts = new java.util.HashMap<>();
        for (List<Long> chunk : chunks(projectIds)) {
            for (Object[] row : em.createQuery("select r.projectId, count(r) from RepositoryRecord r where r.projectId in :p"
                    + " group by r.projectId", Object[].class).setParameter("p", chunk).getResultList()) {
                counts.put((Long) row[0], (Long) row[1]);
            }
        }
        return counts;
    }

    /** Repository names by id, in one query. */
    public java.util.Map<Long, String> repositoryNames(java.util.Collection<Long> repositoryIds) {
        java.util.Map<Long, String> names = new java.util.HashMap<>();
        for (List<Long> chunk : chunks(repositoryIds)) {
            for (Object[] row : em.createQuery("select r.id, r.name from RepositoryRecord r where r.id in :r", Object[].class)
                    .setParameter("r", chunk).getResultList()) {
                names.put((Long) row[0], (String) row[1]);
            }
        }
        return names;
    }

    /**
     * A page of the repository's artifacts that pass {@code filter}, ordered by {@code order} (pairs of an
     * {@link ArtifactFilter#ORDER} key and descending) then newest push first: filtered, counted and cut
     * into pages by the database, so a listing reads one page whatever the repository holds.
     */
    public List<Artifact> artifactsMatching(long repositoryId, ArtifactFilter filter, List<java.util.Map.Entry<String, Boolean>> order,
                                            int first, int max) {
        if (filter.matchesNothing()) return List.of();
        StringBuilder jpql = new StringBuilder("select a from Artifact a where a.repositoryId = :repository");
        java.util.Map<String, Object> parameters = new java.util.HashMap<>();
        filter.appendTo(jpql, parameters);
        jpql.append(" order by ");
        for (var o : order) {
            jpql.append(ArtifactFilter.ORDER.get(o.getKey())).append(o.getValue() ? " desc" : " asc");
            // Nulls come first in ascending order, as the comparators of the in-memory listing put them.
            if (o.getKey().equals("pull_time")) jpql.append(o.getValue() ? " nulls last" : " nulls first");
            jpql.append(", ");
        }
        jpql.append("a.pushTime desc, a.id desc");
        var query = em.createQuery(jpql.toString(), Artifact.class).setParameter("repository", repositoryId);
        parameters.forEach(query::setParameter);
        return query.setFirstResult(first).setMaxResults(max).getResultList();
    }

    public long countArtifactsMatching(long repositoryId, ArtifactFilter filter) {
        if (filter.matchesNothing()) return 0;
        StringBuilder jpql = new StringBuilder("select count(a) from Artifact a where a.repositoryId = :repository");
        java.util.Map<String, Object> parameters = new java.util.HashMap<>();
        filter.appendTo(jpql, parameters);
        var query = em.createQuery(jpql.toString(), Long.class).setParameter("repository", repositoryId);
        parameters.forEach(query::setParameter);
        return query.getSingleResult();
    }

    /** IN lists of at most 500 ids: databases bound the number of parameters in one statement. */
    private static List<List<Long>> chunks(java.util.Collection<Long> ids) {
        List<Long> all = ids.stream().distinct().toList();
        List<List<Long>> chunks = new java.util.ArrayList<>();
        for (int i = 0; i < all.size(); i += 500) chunks.add(all.subList(i, Math.min(all.size(), i + 500)));
        return chunks;
    }

    private static String like(String fragment) {
        return fragment == null || fragment.isBlank() ? "%" : "%" + fragment.replace("%", "").replace("_", "\\_") + "%";
    }
}
