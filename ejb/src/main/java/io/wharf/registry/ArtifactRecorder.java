package io.wharf.registry;

import io.wharf.audit.AuditLog;
import io.wharf.audit.AuditLogEntry;
import io.wharf.project.Project;
import io.wharf.project.ProjectRepository;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Applies what happened in the registry to Wharf's records, one transaction per change. Each
 * event-driven change first claims the event id, so a redelivered event changes nothing.
 */
@Stateless
public class ArtifactRecorder {
    @Inject RegistryContent content;
    @Inject AuditLog audit;
    @Inject ProjectRepository projects;
    @Inject jakarta.enterprise.event.Event<ArtifactDeleted> deleted;
    @Inject jakarta.enterprise.event.Event<TagDeleted> tagDeleted;

    @PersistenceContext(unitName = "wharf")
    EntityManager em;

    /** What a push, pull or delete names. {@code eventId} is null for changes that no event carries. */
    public record Change(String eventId, long projectId, String repository, String tag, String digest,
                         String actor, String resource, Instant at, boolean audited) {}

    /**
     * Records a pushed manifest: the repository on first push, the artifact, its tag (moved when it
     * pointed elsewhere) and an audit entry, all in the caller's transaction. Whichever path comes
     * first (the gateway relaying the PUT, or the registry's event) records it; for the other one
     * the records already say so, and nothing changes. Concurrent recorders of one repository
     * queue on its row lock.
     *
     * @return whether this call recorded something new (an artifact, or a tag added or moved):
     *         then, and only then, the push event is due
     */
    public PushRecorded recordPush(Change change, ManifestSummary manifest) {
        if (!claim(change.eventId())) return PushRecorded.NOTHING_NEW;
        RepositoryRecord repository = repository(change.projectId(), change.repository(), change.at());
        if (!upsert(repository, change.digest(), change.tag(), manifest, change.at())) return PushRecorded.NOTHING_NEW;
        repository.touch(change.at());
        // One batched statement: an audit entity would cost a second one to read back its id.
        if (change.audited()) audit.addAll(List.of(new AuditLogEntry(change.projectId(), change.actor(), change.resource(), "push", change.at())));
        // Read here rather than after the commit, so that a push costs one transaction.
        boolean scanOnPush = projects.byId(change.projectId()).map(Project::autoScan).orElse(false);
        return new PushRecorded(true, scanOnPush);
    }

    /**
     * What {@link #recordPush} did: whether it recorded something new and, if so, whether the
     * project scans on push (as its settings were in the same transaction).
     */
    public record PushRecorded(boolean recorded, boolean scanOnPush) {
        static final PushRecorded NOTHING_NEW = new PushRecorded(false, false);
    }

    /** One pull, written at once (as {@link #recordPulls} would). */
    public boolean recordPull(Change change) {
        return recordPulls(List.of(change)) == 1;
    }

    /**
     * Many pulls in one transaction: each repository's count goes up once by its number of pulls,
     * each artifact and tag gets its latest pull time, each pull its audit entry. Events already
     * seen (here or in an earlier batch) are skipped. A pull of a repository that no longer exists
     * (deleted meanwhile) is audited but counts nowhere; it never brings the repository back.
     *
     * @return how many of the changes were new
     */
    public int recordPulls(List<Change> changes) {
        Set<String> seen = alreadyProcessed(changes);
        Map<String, List<Change>> byRepository = new HashMap<>();
        for (Change change : changes) {
            if (change.eventId() != null) {
                if (!seen.add(change.eventId())) continue;
                em.persist(new ProcessedEvent(change.eventId(), Instant.now()));
            }
            byRepository.computeIfAbsent(change.repository(), r -> new ArrayList<>()).add(change);
        }
        int applied = 0;
        List<AuditLogEntry> entries = new ArrayList<>();
        // One lock order for every batch (by name), so two servers' batches cannot deadlock.
        for (String name : new java.util.TreeSet<>(byRepository.keySet())) {
            List<Change> pulls = byRepository.get(name);
            applied += pulls.size();
            Optional<RepositoryRecord> repository = content.repositoryForUpdate(name);
            repository.ifPresent(r -> r.pulledTimes(pulls.size()));
            Map<String, Instant> lastByDigest = new HashMap<>();
            Map<String, Instant> lastByTag = new HashMap<>();
            for (Change pull : pulls) {
                lastByDigest.merge(pull.digest(), pull.at(), ArtifactRecorder::later);
                if (pull.tag() != null) lastByTag.merge(pull.tag(), pull.at(), ArtifactRecorder::later);
                if (pull.audited()) entries.add(new AuditLogEntry(pull.projectId(), pull.actor(), pull.resource(), "pull", pull.at()));
            }
            repository.ifPresent(r -> {
                lastByDigest.forEach((digest, at) -> content.artifact(r.getId(), digest).ifPresent(a -> a.pulled(at)));
                lastByTag.forEach((tag, at) -> content.tag(r.getId(), tag).ifPresent(t -> t.pulled(at)));
            });
        }
        audit.addAll(entries);
        return applied;
    }

    private Set<String> alreadyProcessed(List<Change> changes) {
        List<String> ids = changes.stream().map(Change::eventId).filter(java.util.Objects::nonNull).distinct().toList();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < ids.size(); i += 500) {
            seen.addAll(em.createQuery("select p.eventId from ProcessedEvent p where p.eventId in :ids", String.class)
                    .setParameter("ids", ids.subList(i, Math.min(ids.size(), i + 500))).getResultList());
        }
        return seen;
    }

    private static Instant later(Instant a, Instant b) {
        if (a == null) return b;
        if (b == null) return a;
        return a.isAfter(b) ? a : b;
    }

    /**
     * Removes a deleted manifest's artifact and tags. A delete that Wharf's API asked for (no event
     * id) is always audited; a delete event for an artifact that is not recorded (removed already,
     * while Wharf deleted it through the API or the gateway) changes nothing, not even the audit log.
     */
    public boolean recordDelete(Change change) {
        return delete(change, change.eventId() == null);
    }

    /**
     * A manifest delete the gateway relayed: like an event, it is audited only when it removes the
     * artifact, so that the registry's event for the same delete, whichever comes first, adds nothing.
     */
    public boolean recordRelayedDelete(Change change) {
        return delete(change, false);
    }

    private boolean delete(Change change, boolean evenIfNotRecorded) {
        if (!claim(change.eventId())) return false;
        Optional<RepositoryRecord> repository = content.repositoryForUpdate(change.repository());
        Optional<Artifact> artifact = repository.flatMap(r -> content.artifact(r.getId(), change.digest()));
        if (artifact.isEmpty() && !evenIfNotRecorded) return false;
        if (change.audited()) audit.add(new AuditLogEntry(change.projectId(), change.actor(), change.resource(), "delete", change.at()));
        if (artifact.isEmpty()) return true;
        deleted.fire(new ArtifactDeleted(change.repository(), change.digest(),
                content.tagsOf(artifact.get().getId()).stream().map(Tag::getName).toList()));
        content.remove(artifact.get());
        content.forgetDeletedTags(change.repository(), change.digest());
        em.flush();
        dropIfEmpty(repository.get());
        return true;
    }

    /** Makes the records say that {@code tag} (may be null) of the repository points at this manifest. */
    public void reconcileArtifact(long projectId, String repositoryName, String digest, String tag, ManifestSummary manifest) {
        Instant now = Instant.now();
        RepositoryRecord repository = repository(projectId, repositoryName, now);
        upsert(repository, digest, tag, manifest, now);
    }

    /** Removes what the registry no longer has. */
    public void forgetTag(long repositoryId, String tag) {
        content.tag(repositoryId, tag).ifPresent(content::remove);
    }

    /**
     * Deletes a tag the way Harbor does (the artifact stays, with its other tags) and remembers the
     * deletion, since the registry keeps the tag: pulls by the tag, the tag list and the reconciler
     * then treat it as gone until it is pushed again.
     *
     * @return false when the repository has no such tag
     */
    public boolean deleteTag(String repositoryName, String tag, Instant at) {
        Optional<RepositoryRecord> repository = content.repositoryForUpdate(repositoryName);
        Optional<Tag> existing = repository.flatMap(r -> content.tag(r.getId(), tag));
        if (existing.isEmpty()) return false;
        String digest = content.artifactById(existing.get().getArtifactId()).map(Artifact::getDigest).orElse("");
        content.remove(existing.get());
        Optional<DeletedTag> before = content.deletedTag(repositoryName, tag);
        if (before.isPresent()) {
            before.get().deletedAgain(digest, at);
        } else {
            content.add(new DeletedTag(repositoryName, tag, digest, at));
        }
        tagDeleted.fire(new TagDeleted(repositoryName, tag, digest));
        return true;
    }

    public void forgetArtifact(long repositoryId, String digest) {
        content.artifact(repositoryId, digest).ifPresent(content::remove);
    }

    public void dropIfEmpty(String repositoryName) {
        content.repositoryForUpdate(repositoryName).ifPresent(this::dropIfEmpty);
    }

    private void dropIfEmpty(RepositoryRecord repository) {
        if (content.countArtifacts(repository.getId()) == 0) content.remove(repository);
    }

    /** @return true when the artifact is new or the tag was added or moved */
    private boolean upsert(RepositoryRecord repository, String digest, String tag, ManifestSummary manifest, Instant at) {
        Artifact artifact = content.artifact(repository.getId(), digest).orElse(null);
        boolean changed = artifact == null;
        if (artifact == null) {
            artifact = content.add(new Artifact(repository.getId(), repository.getProjectId(), digest, manifest, at));
        } else {
            artifact.describe(manifest);
        }
        if (tag == null || tag.isEmpty()) return changed;
        Optional<DeletedTag> deleted = content.deletedTag(repository.getName(), tag);
        if (deleted.isPresent()) {
            // A push older than the tag's deletion (a late event) does not bring it back; a new one does.
            if (deleted.get().getDigest().equals(digest) && !at.isAfter(deleted.get().getDeleteTime())) return changed;
            content.remove(deleted.get());
        }
        Optional<Tag> existing = content.tag(repository.getId(), tag);
        if (existing.isEmpty()) {
            content.add(new Tag(repository.getId(), artifact.getId(), tag, at));
            artifact.pushed(at);
            return true;
        }
        if (!existing.get().getArtifactId().equals(artifact.getId())) {
            existing.get().pointAt(artifact.getId(), at);
            artifact.pushed(at);
            return true;
        }
        return changed;
    }

    private RepositoryRecord repository(long projectId, String name, Instant at) {
        return content.repositoryForUpdate(name).orElseGet(() -> content.add(new RepositoryRecord(projectId, name, at)));
    }

    private boolean claim(String eventId) {
        if (eventId == null) return true;
        if (em.find(ProcessedEvent.class, eventId) != null) return false;
        em.persist(new ProcessedEvent(eventId, Instant.now()));
        em.flush();
        return true;
    }
}
