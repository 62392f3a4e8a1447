package io.wharf.quota;

import io.wharf.audit.AuditLog;
import io.wharf.audit.AuditLogEntry;
import io.wharf.common.WharfException;
import io.wharf.gc.GcFinished;
import io.wharf.project.Caller;
import io.wharf.project.Project;
import io.wharf.project.ProjectService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.ByteArrayInputStream;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Project quotas as Harbor has them: a storage limit per project (-1 unlimited; new projects get the
 * system default), usage counting each blob once per project, counted from Wharf's records of the
 * project's artifacts and the blobs' sizes on disk, so that a refused push, a delete and a garbage
 * collection are followed without bookkeeping that could drift; {@link #reconcile} stores fresh counts.
 */
@ApplicationScoped
public class QuotaService {
    private static final Logger LOG = Logger.getLogger(QuotaService.class.getName());
    static final double WARNING_RATIO = 0.85;

    @Inject QuotaStore store;
    @Inject BlobSizes sizes;
    @Inject ProjectService projects;
    @Inject AuditLog audit;
    @Inject Event<QuotaEvent> events;

    @Inject @ConfigProperty(name = "wharf.quota.default.storage", defaultValue = "-1")
    long defaultLimit;

    /** A quota as the API shows it. */
    public record View(long id, long projectId, String projectName, long limit, long used, Instant creationTime, Instant updateTime) {}

    public List<View> list(Caller caller, Long projectId) {
        requireAdmin(caller);
        List<Long> ids = projectId == null ? store.projectIds() : List.of(projectId);
        return ids.stream().map(this::view).flatMap(Optional::stream).toList();
    }

    public View get(Caller caller, long id) {
        requireAdmin(caller);
        return view(id).orElseThrow(() -> WharfException.notFound("quota " + id + " not found"));
    }

    public View setLimit(Caller caller, long id, Long limit) {
        requireAdmin(caller);
        if (view(id).isEmpty()) throw WharfException.notFound("quota " + id + " not found");
        store.setLimit(id, checkLimit(limit), defaultLimit);
        return view(id).orElseThrow();
    }

    /** {@code storage_limit} given when a project is made or changed (null: the default for a new project, unchanged otherwise). */
    public void projectLimit(long projectId, Long limit, boolean created) {
        if (limit == null) {
            if (created) store.findOrCreate(projectId, defaultLimit);
            return;
        }
        store.setLimit(projectId, checkLimit(limit), defaultLimit);
    }

    /**
     * The project's quota for Harbor's project summary: administrators and the project's members (any
     * role, as Harbor's {@code quota:read}) see it; anyone else gets nothing.
     */
    public Optional<View> forSummary(Caller caller, Project project) {
        if (caller.isAnonymous() || (!caller.sysadmin() && projects.roleOf(caller, project).isEmpty())) return Optional.empty();
        return view(project.getId());
    }

    /** The quota of a project that is being deleted goes with it, as Harbor deletes it. */
    public void projectDeleted(long projectId) { store.remove(projectId); }

    private static long checkLimit(Long limit) {
        if (limit == null || (limit < 0 && limit != -1)) throw WharfException.badRequest("hard.storage must be -1 (unlimited) or a number of bytes");
        return limit;
    }

    private Optional<View> view(long projectId) {
        Optional<Project> p = projects.byId(projectId);
        if (p.isEmpty()) return Optional.empty();
        long used = usage(projectId);
        store.setUsed(projectId, used, defaultLimit);
        ProjectQuota q = store.find(projectId).orElseThrow();
        return Optional.of(new View(projectId, projectId, p.get().getName(), q.getStorageLimit(), used, q.getCreationTime(), q.getUpdateTime()));
    }

    /** Bytes the project uses: every blob (manifests, configs, layers) of its artifacts, each once. */
    public long usage(long projectId) { return usage(digests(projectId)); }

    private Set<String> digests(long projectId) {
        Set<String> all = new HashSet<>();
        for (Object[] row : store.digests(projectId)) {
            all.add((String) row[0]);
            if (row[1] != null) all.add((String) row[1]);
            if (row[2] != null && !((String) row[2]).isEmpty()) all.addAll(List.of(((String) row[2]).split("\n")));
        }
        return all;
    }

    private long usage(Set<String> digests) {
        long sum = 0;
        for (String d : digests) sum += sizes.of(d);
        return sum;
    }

    /**
     * Whether finishing an upload of {@code bytes} into {@code repository} fits its project's quota;
     * the refusal says by how much it would not (and is recorded as {@code QUOTA_EXCEED}).
     */
    public Optional<String> uploadRefusal(String repository, String digest, long bytes, String actor) {
        return refusal(repository, digest, Map.of(digest == null ? "" : digest, Math.max(0, bytes)), actor);
    }

    /** Whether a manifest pushed into {@code repository} fits: the blobs it references that the project does not hold yet, and itself. */
    public Optional<String> manifestRefusal(String repository, byte[] manifest, String digest, String actor) {
        if (digest == null) digest = sha256(manifest);
        Map<String, Long> added = new LinkedHashMap<>();
        added.put(digest, (long) manifest.length);
        try (JsonReader reader = Json.createReader(new ByteArrayInputStream(manifest))) {
            JsonObject json = reader.readObject();
            if (json.get("config") instanceof JsonObject c) add(added, c);
            for (String field : List.of("layers", "manifests")) {
                if (json.get(field) instanceof JsonArray items) {
                    for (var item : items) if (item instanceof JsonObject o) add(added, o);
                }
            }
        } catch (RuntimeException e) {
            return Optional.empty(); // not JSON: the registry refuses it
        }
        return refusal(repository, digest, added, actor);
    }

    private static String sha256(byte[] bytes) {
        try {
            return "sha256:" + java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void add(Map<String, Long> added, JsonObject descriptor) {
        String d = descriptor.getString("digest", null);
        if (d == null) return;
        long size = descriptor.get("size") instanceof jakarta.json.JsonNumber n ? Math.max(0, n.longValue()) : 0;
        added.putIfAbsent(d, size);
    }

    private Optional<String> refusal(String repository, String digest, Map<String, Long> added, String actor) {
        String projectName = repository.contains("/") ? repository.substring(0, repository.indexOf('/')) : repository;
        Optional<Project> p = projects.byName(projectName);
        if (p.isEmpty()) return Optional.empty();
        long limit = store.find(p.get().getId()).map(ProjectQuota::getStorageLimit).orElse(defaultLimit);
        if (limit < 0) return Optional.empty();
        Set<String> held = digests(p.get().getId());
        long used = usage(held);
        long more = 0;
        for (Map.Entry<String, Long> e : added.entrySet()) {
            if (!held.contains(e.getKey())) more += Math.max(e.getValue(), sizes.of(e.getKey()));
        }
        if (used + more > limit) {
            String message = "quota exceeded: project " + projectName + " uses " + used + " of " + limit + " bytes; this push adds "
                    + more + " bytes, " + (used + more - limit) + " more than the limit";
            record(QuotaEvent.EXCEED, p.get(), repository, digest, used, limit, message, actor);
            return Optional.of(message);
        }
        if (more > 0 && used + more >= WARNING_RATIO * limit && used < WARNING_RATIO * limit) {
            record(QuotaEvent.WARNING, p.get(), repository, digest, used + more, limit, "project " + projectName + " uses "
                    + (used + more) + " of " + limit + " bytes (85 % or more)", actor);
        }
        return Optional.empty();
    }

    private void record(String type, Project p, String repository, String digest, long used, long limit, String message, String actor) {
        try {
            audit.add(new AuditLogEntry(p.getId(), actor == null ? "anonymous" : actor, repository + (digest == null ? "" : "@" + digest),
                    "quota", type.toLowerCase(java.util.Locale.ROOT), Instant.now()));
            events.fire(new QuotaEvent(type, p.getId(), p.getName(), repository, digest, used, limit, message));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "The quota event " + type + " of " + p.getName() + " was not recorded: " + e.getMessage());
        }
    }

    /** Counts every project's usage again and stores it; answers how many counts had drifted. */
    public int reconcile() {
        int drifted = 0;
        for (Long id : store.projectIds()) {
            if (store.setUsed(id, usage(id), defaultLimit)) drifted++;
        }
        return drifted;
    }

    void afterGc(@Observes GcFinished finished) {
        if (finished.dryRun()) return;
        try {
            int drifted = reconcile();
            if (drifted > 0) LOG.info("Garbage collection " + finished.runId() + ": " + drifted + " project usages counted again");
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Quota usage was not counted after garbage collection: " + e.getMessage());
        }
    }

    private static void requireAdmin(Caller caller) {
        if (caller.isAnonymous()) throw WharfException.unauthorized("sign in as an administrator");
        if (!caller.sysadmin()) throw WharfException.forbidden("only administrators can read and set quotas");
    }
}
