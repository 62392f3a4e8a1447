package io.wharf.registry;

import io.wharf.project.Project;
import io.wharf.project.ProjectService;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;

/**
 * Walks the registry's catalog and tags and makes Wharf's records match: the registry keeps
 * undelivered events only in memory, so a restart can lose them. Adds what is missing, moves tags,
 * removes what is gone; it counts no pulls and writes no audit entries, so running it twice, or
 * after the events did arrive, changes nothing.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class Reconciler {
    private static final Logger LOG = Logger.getLogger(Reconciler.class.getName());

    @Inject RegistryCatalogService catalog;
    @Inject RegistryManifests manifests;
    @Inject RegistryContent content;
    @Inject ArtifactRecorder recorder;
    @Inject ProjectService projects;

    public record Summary(int repositories, int artifactsAdded, int tagsChanged, int removed) {
        public Map<String, Integer> asMap() {
            return Map.of("repositories", repositories, "artifacts_added", artifactsAdded,
                    "tags_changed", tagsChanged, "removed", removed);
        }
    }

    public Summary reconcile() {
        int repositories = 0;
        int added = 0;
        int tagsChanged = 0;
        int removed = 0;
        Set<String> inRegistry = new HashSet<>();
        for (String name : catalog.allRepositories()) {
            Optional<RepositoryName> parsed = RepositoryName.parse(name);
            Optional<Project> project = parsed.flatMap(n -> projects.byName(n.project()));
            if (project.isEmpty()) continue;
            inRegistry.add(name);
            repositories++;
            Optional<RepositoryRecord> record = content.repository(name);
            Set<String> recordedTags = new HashSet<>();
            Map<String, String> tagDigests = new java.util.HashMap<>();
            if (record.isPresent()) {
                for (Tag t : content.tags(record.get().getId())) {
                    recordedTags.add(t.getName());
                    content.artifactById(t.getArtifactId()).ifPresent(a -> tagDigests.put(t.getName(), a.getDigest()));
                }
            }
            List<String> tags = manifests.tags(name);
            for (String tag : tags) {
                Optional<RegistryManifests.Fetched> manifest = manifests.fetch(name, tag);
                if (manifest.isEmpty()) continue;
                String digest = manifest.get().digest();
                // Deleted through Wharf while the registry keeps it: not brought back.
                if (content.deletedTag(name, tag).filter(d -> d.getDigest().equals(digest)).isPresent()) continue;
                boolean knownArtifact = record.isPresent()
                        && content.artifact(record.get().getId(), digest).isPresent();
                if (!knownArtifact) added++;
                if (!digest.equals(tagDigests.get(tag))) {
                    tagsChanged++;
                    recorder.reconcileArtifact(project.get().getId(), name, digest, tag, manifest.get().summary());
                }
            }
            record = content.repository(name);
            if (record.isEmpty()) continue;
            for (String gone : recordedTags) {
                if (!tags.contains(gone)) {
                    recorder.forgetTag(record.get().getId(), gone);
                    removed++;
                }
            }
            for (Artifact artifact : content.allArtifacts(record.get().getId())) {
                if (manifests.fetch(name, artifact.getDigest()).isEmpty()) {
                    recorder.forgetArtifact(record.get().getId(), artifact.getDigest());
                    removed++;
                }
            }
            recorder.dropIfEmpty(name);
        }
        for (RepositoryRecord stale : content.allRepositories()) {
            if (!inRegistry.contains(stale.getName())) {
                // Not in the catalog read at the start: but a push may have created it since, so
                // each manifest is asked for again and only one the registry no longer has is forgotten.
                for (Artifact artifact : content.allArtifacts(stale.getId())) {
                    if (manifests.fetch(stale.getName(), artifact.getDigest()).isEmpty()) {
                        recorder.forgetArtifact(stale.getId(), artifact.getDigest());
                        removed++;
                    }
                }
                recorder.dropIfEmpty(stale.getName());
            }
        }
        Summary summary = new Summary(repositories, added, tagsChanged, removed);
        LOG.info("Reconciled with the registry: " + summary);
        return summary;
    }
}
