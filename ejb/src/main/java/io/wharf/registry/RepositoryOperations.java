package io.wharf.registry;

import io.wharf.audit.AuditLog;
import io.wharf.audit.AuditLogEntry;
import io.wharf.common.WharfException;
import io.wharf.project.Caller;
import io.wharf.project.Project;
import io.wharf.project.ProjectRole.Action;
import io.wharf.project.ProjectService;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParsingException;
import java.io.ByteArrayInputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Harbor's write operations on repositories and artifacts that go through the registry: tags
 * added and removed, an artifact copied from another repository, a whole repository deleted; and
 * the build history read from an image's config. Each checks the caller's role first, writes to the
 * registry, then records what changed, so that a failure in between leaves what reconciliation repairs.
 */
@Stateless
public class RepositoryOperations {
    @Inject ProjectService projects;
    @Inject ArtifactService artifacts;
    @Inject RegistryContent content;
    @Inject RegistryWrites registry;
    @Inject RegistryManifests manifests;
    @Inject ArtifactRecorder recorder;
    @Inject AuditLog audit;
    @Inject AuditEntries auditEntries;
    @Inject io.wharf.tagrules.ImmutableTags immutableTags;

    /** Adds a tag to an artifact: the manifest is put under the tag in the registry, then recorded (developers and above). */
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public void createTag(Caller caller, String project, String repository, String reference, String tag) {
        Project p = require(caller, project, Action.PUSH, "add tags");
        if (tag == null || !RegistryReference.validTag(tag)) {
            throw WharfException.badRequest("invalid tag name " + tag + ": letters, digits, _ . - and at most 128 characters");
        }
        Artifact artifact = artifacts.artifact(caller, project, repository, reference).artifact();
        String name = p.getName() + "/" + repository;
        if (content.repository(name).flatMap(r -> content.tag(r.getId(), tag)).isPresent()) {
            throw WharfException.conflict("tag " + tag + " already exists in " + name);
        }
        RegistryWrites.RawManifest manifest = registry.manifest(name, artifact.getDigest());
        registry.putManifest(name, tag, manifest);
        record(new ArtifactRecorder.Change(null, p.getId(), name, tag, artifact.getDigest(), caller.username(),
                name + ":" + tag, Instant.now(), true), ManifestSummary.parse(manifest.body(), manifest.mediaType()));
    }

    /**
     * Removes a tag from Wharf's records, as Harbor does: the registry (Distribution) cannot delete
     * a tag without deleting the manifest, so the artifact stays and keeps its other tags.
     */
    public void deleteTag(Caller caller, String project, String repository, String reference, String tag) {
        Project p = require(caller, project, Action.DELETE, "delete tags");
        ArtifactService.ArtifactWithTags a = artifacts.artifact(caller, project, repository, reference);
        Tag t = a.tags().stream().filter(x -> x.getName().equals(tag)).findFirst()
                .orElseThrow(() -> WharfException.notFound("tag " + tag + " not found on " + reference));
        immutableTags.refuseDelete(p.getId(), p.getName() + "/" + repository, List.of(tag), "tag " + tag);
        String name = p.getName() + "/" + repository;
        recorder.deleteTag(name, t.getName(), Instant.now());
        audit.add(new AuditLogEntry(p.getId(), caller.username(), name + ":" + tag, "delete", Instant.now()));
    }

    /**
     * Copies {@code from} ({@code project/repository:tag} or {@code @digest}) into this repository:
     * the blobs are mounted (the registry links them, no bytes move), the manifests put by digest
     * (and under the tag when {@code from} named one). Pull on the source and push on the target are required.
     *
     * @return the copied artifact's digest
     */
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public String copy(Caller caller, String project, String repository, String from) {
        Project target = require(caller, project, Action.PUSH, "copy artifacts into it");
        Source source = Source.parse(from);
        artifacts.artifact(caller, source.project(), source.repository(), source.reference());
        if (!projects.allowedActions(caller, source.project()).contains(Action.PULL)) {
            throw WharfException.forbidden("you may not pull from " + source.project());
        }
        String to = target.getName() + "/" + repository;
        String problem = RepositoryName.problem(to);
        if (problem != null) throw WharfException.badRequest(problem);
        String fromName = source.project() + "/" + source.repository();
        RegistryWrites.RawManifest top = registry.manifest(fromName, source.reference());
        copyManifest(fromName, to, top, 0);
        String tag = RegistryReference.isDigest(source.reference()) ? null : source.reference();
        if (tag != null) registry.putManifest(to, tag, top);
        record(new ArtifactRecorder.Change(null, target.getId(), to, tag, top.digest(), caller.username(),
                to + "@" + top.digest(), Instant.now(), true), ManifestSummary.parse(top.body(), top.mediaType()));
        return top.digest();
    }

    /** Deletes every artifact of the repository through the registry, then the repository (admins and maintainers). */
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public void deleteRepository(Caller caller, String project, String repository) {
        Project p = require(caller, project, Action.DELETE, "delete repositories");
        RepositoryRecord r = artifacts.repository(caller, project, repository);
        String name = r.getName();
        // Accessories (signatures, SBOMs) first, then what they refer to.
        List<Artifact> all = new ArrayList<>(content.allArtifacts(r.getId()));
        immutableTags.refuseDelete(p.getId(), name, content.tags(r.getId()).stream().map(Tag::getName).toList(), "repository " + name);
        all.sort((a, b) -> Boolean.compare(b.getSubjectDigest() != null, a.getSubjectDigest() != null));
        for (Artifact a : all) {
            manifests.delete(name, a.getDigest());
            recorder.recordDelete(new ArtifactRecorder.Change(null, p.getId(), name, null, a.getDigest(), caller.username(),
                    name + "@" + a.getDigest(), Instant.now(), true));
        }
        recorder.dropIfEmpty(name);
        auditEntries.add(new AuditLogEntry(p.getId(), caller.username(), name, "delete", Instant.now()));
    }

    /** Harbor's repository update: its description (developers and above). */
    public void describe(Caller caller, String project, String repository, String description) {
        require(caller, project, Action.PUSH, "describe repositories");
        if (description != null && description.length() > 4096) throw WharfException.badRequest("description is longer than 4096 characters");
        artifacts.repository(caller, project, repository).describe(description, Instant.now());
    }

    /** Query keys and sort fields of Harbor's repository listings. */
    public static final java.util.Set<String> REPOSITORY_KEYS = java.util.Set.of("name", "project_id");
    public static final java.util.Set<String> REPOSITORY_SORT = RegistryContent.REPOSITORY_ORDER.keySet();
    /** Query keys and sort fields of Harbor's artifact listings ({@code labels} is applied by the caller). */
    public static final java.util.Set<String> ARTIFACT_KEYS = java.util.Set.of("tags", "digest", "media_type", "type", "labels");
    public static final java.util.Set<String> ARTIFACT_SORT = java.util.Set.of("push_time", "pull_time", "size", "digest");

    /**
     * Repositories whose name matches {@code q} ({@code name=~x} or {@code name=x}), in one project
     * or ({@code project} null) in every project the caller may see, as Harbor's
     * {@code GET /repositories} lists them.
     */
    public io.wharf.common.Page<RepositoryRecord> repositories(Caller caller, String project, io.wharf.common.HarborQuery q,
                                                             Integer page, Integer pageSize) {
        java.util.Collection<Long> ids;
        if (project != null) {
            ids = List.of(projects.get(caller, project).getId());
        } else if (caller.sysadmin()) {
            ids = q.term("project_id").map(t -> List.of(Long.parseLong(t.value()))).orElse(null);
        } else {
            ids = projects.visibleIds(caller);
        }
        String fragment = q.term("name").map(io.wharf.common.HarborQuery.Term::value).orElse(null);
        int[] n = io.wharf.common.Page.normalize(page, pageSize);
        List<java.util.Map.Entry<String, Boolean>> order = q.sort().stream()
                .map(k -> java.util.Map.entry(k.field(), k.descending())).toList();
        return new io.wharf.common.Page<>(content.repositoriesIn(ids, fragment, order, (n[0] - 1) * n[1], n[1]),
                content.countRepositoriesIn(ids, fragment), n[0], n[1]);
    }

    /**
     * The repository's artifacts that match {@code q}'s {@code tags} ({@code *}: tagged,
     * {@code nil}: untagged, else a tag name or {@code ~fragment}), {@code digest}, {@code media_type}
     * and {@code type}, in {@code q}'s order (newest push first by default). All of them are read:
     * a repository's artifact count bounds it.
     */
    public List<ArtifactService.ArtifactWithTags> artifactsMatching(Caller caller, String project, String repository,
                                                                   io.wharf.common.HarborQuery q) {
        RepositoryRecord r = artifacts.repository(caller, project, repository);
        java.util.stream.Stream<ArtifactService.ArtifactWithTags> all = artifacts.withTags(content.allArtifacts(r.getId())).stream();
        var tags = q.term("tags");
        if (tags.isPresent()) {
            var t = tags.get();
            if (t.value().equals("*")) all = all.filter(a -> !a.tags().isEmpty());
            else if (t.value().equals("nil")) all = all.filter(a -> a.tags().isEmpty());
            else all = all.filter(a -> a.tags().stream().anyMatch(x -> t.matches(x.getName())));
        }
        var digest = q.term("digest");
        if (digest.isPresent()) all = all.filter(a -> digest.get().matches(a.artifact().getDigest()));
        var mediaType = q.term("media_type");
        if (mediaType.isPresent()) all = all.filter(a -> mediaType.get().matches(a.artifact().getManifestMediaType()));
        var type = q.term("type");
        if (type.isPresent()) all = all.filter(a -> type.get().matches(typeOf(a.artifact())));
        java.util.Comparator<ArtifactService.ArtifactWithTags> newest = java.util.Comparator
                .comparing((ArtifactService.ArtifactWithTags a) -> a.artifact().getPushTime(),
                        java.util.Comparator.nullsLast(java.util.Comparator.naturalOrder())).reversed()
                .thenComparing(a -> -a.artifact().getId());
        java.util.Map<String, java.util.Comparator<ArtifactService.ArtifactWithTags>> fields = java.util.Map.of(
                "push_time", java.util.Comparator.comparing(a -> a.artifact().getPushTime(),
                        java.util.Comparator.nullsFirst(java.util.Comparator.naturalOrder())),
                "pull_time", java.util.Comparator.comparing(a -> a.artifact().getPullTime(),
                        java.util.Comparator.nullsFirst(java.util.Comparator.naturalOrder())),
                "size", java.util.Comparator.comparingLong(a -> a.artifact().getSize()),
                "digest", java.util.Comparator.comparing(a -> a.artifact().getDigest()));
        return all.sorted(q.comparator(fields, newest)).toList();
    }

    /**
     * A page of the repository's artifacts that match {@code q} ({@code tags}, {@code digest},
     * {@code media_type}, {@code labels}; not {@code type}, see {@link ArtifactFilter#supports}) in
     * {@code q}'s order then newest push first, filtered, counted and paged by the database.
     */
    public io.wharf.common.Page<ArtifactService.ArtifactWithTags> artifactsPage(Caller caller, String project, String repository,
                                                                               io.wharf.common.HarborQuery q, Integer page, Integer pageSize) {
        RepositoryRecord r = artifacts.repository(caller, project, repository);
        int[] n = io.wharf.common.Page.normalize(page, pageSize);
        ArtifactFilter filter = ArtifactFilter.of(q);
        List<java.util.Map.Entry<String, Boolean>> order = q.sort().stream()
                .map(k -> java.util.Map.entry(k.field(), k.descending())).toList();
        List<Artifact> items = content.artifactsMatching(r.getId(), filter, order, (n[0] - 1) * n[1], n[1]);
        return new io.wharf.common.Page<>(artifacts.withTags(items), content.countArtifactsMatching(r.getId(), filter), n[0], n[1]);
    }

    /** Artifacts of every repository of a project, newest push first. */
    public io.wharf.common.Page<ArtifactService.ArtifactWithTags> projectArtifacts(Caller caller, String project,
                                                                                  Integer page, Integer pageSize) {
        Project p = projects.get(caller, project);
        int[] n = io.wharf.common.Page.normalize(page, pageSize);
        List<ArtifactService.ArtifactWithTags> items = artifacts.withTags(content.projectArtifacts(p.getId(), (n[0] - 1) * n[1], n[1]));
        return new io.wharf.common.Page<>(items, content.countProjectArtifacts(p.getId()), n[0], n[1]);
    }

    /** Harbor's artifact type: IMAGE, a chart, or what the config media type says. */
    public static String typeOf(Artifact a) {
        String config = a.getMediaType();
        if (config == null) return a.getManifestMediaType() != null && a.getManifestMediaType().contains("index") ? "IMAGE" : "UNKNOWN";
        if (config.contains("helm")) return "CHART";
        if (config.contains("cnab")) return "CNAB";
        if (config.contains("wasm")) return "WASM";
        if (config.equals("application/vnd.oci.image.config.v1+json")
                || config.equals("application/vnd.docker.container.image.v1+json")) return "IMAGE";
        return config.contains("image") || config.contains("index") || config.contains("manifest") ? "IMAGE" : "UNKNOWN";
    }

    /** Harbor's {@code build_history} addition: the image config's {@code history}, as JSON. */
    public String buildHistory(Caller caller, String project, String repository, String reference) {
        Artifact a = artifacts.artifact(caller, project, repository, reference).artifact();
        if (a.getConfigDigest() == null) throw WharfException.notFound("artifact " + reference + " has no image config");
        byte[] config = registry.smallBlob(projects.get(caller, project).getName() + "/" + repository, a.getConfigDigest());
        try (var reader = Json.createReader(new ByteArrayInputStream(config))) {
            JsonValue history = reader.readObject().get("history");
            return history instanceof JsonArray h ? h.toString() : "[]";
        } catch (JsonParsingException | ClassCastException e) {
            throw new WharfException(500, "UNKNOWN", "the image config of " + reference + " is not a JSON object");
        }
    }

    /** The registry manifests a copy needs, children of an index first, to a bounded depth. */
    private void copyManifest(String from, String to, RegistryWrites.RawManifest manifest, int depth) {
        if (depth > 2) throw WharfException.badRequest("indexes nested deeper than two levels are not copied");
        JsonObject json;
        try (var reader = Json.createReader(new ByteArrayInputStream(manifest.body()))) {
            json = reader.readObject();
        } catch (RuntimeException e) {
            throw WharfException.badRequest("the source manifest is not JSON");
        }
        if (json.containsKey("manifests")) {
            for (JsonValue child : json.getJsonArray("manifests")) {
                String digest = child.asJsonObject().getString("digest");
                copyManifest(from, to, registry.manifest(from, digest), depth + 1);
            }
        }
        if (json.containsKey("config")) registry.mountBlob(to, from, json.getJsonObject("config").getString("digest"));
        if (json.containsKey("layers")) {
            for (JsonValue layer : json.getJsonArray("layers")) {
                JsonObject l = layer.asJsonObject();
                // Foreign layers live at their URLs, not in the registry.
                if (l.containsKey("urls") || l.getString("mediaType", "").contains("foreign")) continue;
                registry.mountBlob(to, from, l.getString("digest"));
            }
        }
        registry.putManifest(to, manifest.digest(), manifest);
    }

    /**
     * Records what was just put in the registry. The registry's push event for the same manifest
     * may be recording it at the same moment (a new repository's row, a tag's): when this
     * transaction loses that race, a second one finds the records the event wrote.
     */
    private void record(ArtifactRecorder.Change change, ManifestSummary manifest) {
        try {
            recorder.recordPush(change, manifest);
        } catch (jakarta.ejb.EJBException | jakarta.persistence.PersistenceException e) {
            recorder.recordPush(change, manifest);
        }
    }

    private Project require(Caller caller, String project, Action action, String what) {
        Project p = projects.get(caller, project);
        if (!projects.allowedActions(caller, p.getName()).contains(action)) {
            throw caller.isAnonymous() ? WharfException.unauthorized("sign in to " + what)
                    : WharfException.forbidden("your role in " + p.getName() + " does not allow you to " + what);
        }
        return p;
    }

    /** Harbor's {@code from} parameter: {@code project/repository:tag} or {@code project/repository@digest}. */
    record Source(String project, String repository, String reference) {
        static Source parse(String from) {
            if (from == null || from.isBlank()) throw WharfException.badRequest("from is required: project/repository:tag or @digest");
            int at = from.indexOf('@');
            String name;
            String reference;
            if (at > 0) {
                name = from.substring(0, at);
                reference = from.substring(at + 1);
            } else {
                int colon = from.lastIndexOf(':');
                if (colon <= from.lastIndexOf('/')) throw WharfException.badRequest("from must name a tag or digest: " + from);
                name = from.substring(0, colon);
                reference = from.substring(colon + 1);
            }
            int slash = name.indexOf('/');
            if (slash <= 0 || slash == name.length() - 1) throw WharfException.badRequest("from must be project/repository: " + from);
            return new Source(name.substring(0, slash), name.substring(slash + 1), reference);
        }
    }
}
