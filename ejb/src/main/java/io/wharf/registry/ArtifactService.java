package io.wharf.registry;

import io.wharf.audit.AuditLog;
import io.wharf.audit.AuditLogEntry;
import io.wharf.common.Page;
import io.wharf.common.WharfException;
import io.wharf.project.Caller;
import io.wharf.project.Project;
import io.wharf.project.ProjectRole.Action;
import io.wharf.project.ProjectService;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;

/** Reading repositories, artifacts, tags and the audit log, and deleting artifacts, with project roles checked. */
@Stateless
public class ArtifactService {
    @Inject ProjectService projects;
    @Inject RegistryContent content;
    @Inject RegistryManifests manifests;
    @Inject ArtifactRecorder recorder;
    @Inject AuditLog audit;
    @Inject Accessories accessories;
    @Inject io.wharf.tagrules.ImmutableTags immutableTags;

    /** An artifact with its tags. */
    public record ArtifactWithTags(Artifact artifact, List<Tag> tags) {}

    public Page<RepositoryRecord> repositories(Caller caller, String project, String q, Integer page, Integer pageSize) {
        Project p = projects.get(caller, project);
        int[] n = Page.normalize(page, pageSize);
        return new Page<>(content.repositories(p.getId(), q, (n[0] - 1) * n[1], n[1]),
                content.countRepositories(p.getId(), q), n[0], n[1]);
    }

    public RepositoryRecord repository(Caller caller, String project, String repository) {
        projects.get(caller, project);
        return content.repository(project + "/" + repository)
                .orElseThrow(() -> WharfException.notFound("repository " + project + "/" + repository + " not found"));
    }

    /** The full name of a recorded repository ({@code project/name}). */
    public java.util.Optional<String> repositoryName(long repositoryId) {
        return content.repositoryById(repositoryId).map(RepositoryRecord::getName);
    }

    public long artifactCount(RepositoryRecord repository) { return content.countArtifacts(repository.getId()); }

    /** How many repositories a project holds, for a project the caller has already been allowed to see. */
    public long repositoryCount(Project project) { return content.countRepositories(project.getId(), null); }

    public Page<ArtifactWithTags> artifacts(Caller caller, String project, String repository, Integer page, Integer pageSize) {
        RepositoryRecord r = repository(caller, project, repository);
        int[] n = Page.normalize(page, pageSize);
        // Accessories (signatures, SBOMs) are listed under their subject, not as artifacts of their own.
        List<ArtifactWithTags> items = withTags(content.artifactsWithoutAccessories(r.getId(), (n[0] - 1) * n[1], n[1]));
        return new Page<>(items, content.countArtifactsWithoutAccessories(r.getId()), n[0], n[1]);
    }

    /** These artifacts with their tags, read in one query for all of them rather than one per artifact. */
    public List<ArtifactWithTags> withTags(List<Artifact> list) {
        java.util.Map<Long, List<Tag>> tags = content.tagsOf(list.stream().map(Artifact::getId).toList());
        return list.stream().map(a -> new ArtifactWithTags(a, tags.getOrDefault(a.getId(), List.of()))).toList();
    }

    /** How many artifacts each of these repositories holds (a listing's page), in one query. */
    public java.util.Map<Long, Long> artifactCounts(java.util.Collection<Long> repositoryIds) {
        return content.countArtifacts(repositoryIds);
    }

    /** How many repositories each of these projects (a listing's page, already allowed) holds, in one query. */
    public java.util.Map<Long, Long> repositoryCounts(java.util.Collection<Long> projectIds) {
        return content.countRepositoriesByProject(projectIds);
    }

    /** Repository names ({@code project/name}) by id, in one query. */
    public java.util.Map<Long, String> repositoryNames(java.util.Collection<Long> repositoryIds) {
        return content.repositoryNames(repositoryIds);
    }

    public ArtifactWithTags artifact(Caller caller, String project, String repository, String reference) {
        RepositoryRecord r = repository(caller, project, repository);
        Artifact a = resolve(r, reference);
        return new ArtifactWithTags(a, content.tagsOf(a.getId()));
    }

    /** The accessories of an artifact the caller may read (signatures, SBOMs, attestations). */
    public List<Accessories.Accessory> accessories(Caller caller, String project, String repository, String reference) {
        RepositoryRecord r = repository(caller, project, repository);
        return accessories.of(resolve(r, reference));
    }

    /**
     * Deletes through the registry first, then the records, so a failure in between leaves a record
     * that reconciliation removes rather than a manifest Wharf no longer knows about.
     */
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public void delete(Caller caller, String project, String repository, String reference) {
        Project p = projects.get(caller, project);
        projects.require(caller, p, io.wharf.project.Permission.ARTIFACT_DELETE, "delete artifacts");
        RepositoryRecord r = repository(caller, project, repository);
        Artifact artifact = resolve(r, reference);
        String name = r.getName();
        immutableTags.refuseDelete(p.getId(), name, content.tagsOf(artifact.getId()).stream().map(Tag::getName).toList(),
                "artifact " + artifact.getDigest());
        // An artifact's signatures and SBOMs go with it, as in Harbor (each audited as a delete).
        for (Accessories.Accessory accessory : accessories.of(artifact)) {
            String digest = accessory.artifact().getDigest();
            manifests.delete(name, digest);
            recorder.recordDelete(new ArtifactRecorder.Change(null, p.getId(), name, null, digest,
                    caller.username(), name + "@" + digest, Instant.now(), true));
        }
        manifests.delete(name, artifact.getDigest());
        recorder.recordDelete(new ArtifactRecorder.Change(null, p.getId(), name, null, artifact.getDigest(),
                caller.username(), name + "@" + artifact.getDigest(), Instant.now(), true));
    }

    public Page<AuditLogEntry> auditLog(Caller caller, String project, String operation, Integer page, Integer pageSize) {
        int[] n = Page.normalize(page, pageSize);
        if (project == null) {
            if (!caller.sysadmin()) {
                throw caller.isAnonymous() ? WharfException.unauthorized("sign in as an administrator")
                        : WharfException.forbidden("only administrators can read the whole audit log");
            }
            return audit.page(null, operation, n[0], n[1]);
        }
        Project p = projects.get(caller, project);
        if (caller.isAnonymous()) throw WharfException.unauthorized("sign in to read the project's logs");
        projects.require(caller, p, io.wharf.project.Permission.LOG_LIST, "read the project's logs");
        return audit.page(p.getId(), operation, n[0], n[1]);
    }

    private Artifact resolve(RepositoryRecord r, String reference) {
        if (RegistryReference.isDigest(reference)) {
            return content.artifact(r.getId(), reference)
                    .orElseThrow(() -> WharfException.notFound("artifact " + reference + " not found in " + r.getName()));
        }
        Tag tag = content.tag(r.getId(), reference)
                .orElseThrow(() -> WharfException.notFound("tag " + reference + " not found in " + r.getName()));
        return content.artifactById(tag.getArtifactId())
                .orElseThrow(() -> WharfException.notFound("tag " + reference + " not found in " + r.getName()));
    }
}
