package io.wharf.registry;

import io.wharf.audit.AuditLog;
import io.wharf.audit.AuditLogEntry;
import io.wharf.project.AccessCache;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Optional;

/**
 * {@code DELETE /v2/<name>/manifests/<tag>} as Harbor answers it: the tag goes, the artifact
 * stays (with its other tags), in one transaction with its audit entry.
 */
@Stateless
public class TagDeletions {
    @Inject ArtifactRecorder recorder;
    @Inject AccessCache access;
    @Inject AuditLog audit;
    @Inject RegistryContent content;

    /** Whether the tag was deleted through Wharf (the registry may still answer for it). */
    public boolean deleted(String repository, String tag) {
        return !RegistryReference.isDigest(tag) && content.deletedTag(repository, tag).isPresent();
    }

    /** The repository's tags deleted through Wharf, to leave out of the registry's tag list. */
    public java.util.Set<String> deletedTags(String repository) {
        return content.deletedTags(repository);
    }

    /** @return false when the repository has no such tag (in Wharf's records) */
    public boolean delete(String repository, String tag, String actor) {
        Optional<AccessCache.KnownProject> project = RepositoryName.parse(repository).flatMap(n -> access.project(n.project()));
        if (project.isEmpty()) return false;
        Instant now = Instant.now();
        if (!recorder.deleteTag(repository, tag, now)) return false;
        audit.add(new AuditLogEntry(project.get().id(), actor == null ? "anonymous" : actor, repository + ":" + tag, "delete", now));
        return true;
    }
}
