package io.wharf.jobservice;

import io.wharf.common.Page;
import io.wharf.common.WharfException;
import jakarta.ejb.EJBException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.logging.Logger;

/** The job service's API: submit (validated before anything is written), read, stop, retry, logs, stats. */
// A plain CDI bean: every write goes through JobStore's own short transactions, and a refusal
// here must not look like a rolled-back container transaction.
@ApplicationScoped
public class JobService {
    private static final Logger LOG = Logger.getLogger(JobService.class.getName());
    private static final long MAX_DELAY_SECONDS = 366L * 24 * 3600;

    @Inject JobTypes types;
    @Inject JobStore store;
    @Inject JobQueue queue;
    @Inject JobEvents events;
    @Inject JobLogs logs;
    @Inject WorkerPool workers;
    @Inject JobInserts inserts;
    @Inject JobRunner runner;

    /** A submission as {@code POST /api/v1/jobs} carries it. */
    public record Submission(String name, JsonObject parameters, String statusHook, String kind, Long scheduleDelay,
                             String cronSpec, Boolean unique) {}

    public Job submit(Submission s) {
        if (s == null || s.name() == null || s.name().isBlank()) throw WharfException.badRequest("job.name is required");
        JobType type = types.find(s.name()).orElseThrow(() -> WharfException.badRequest("unknown job name " + s.name()
                + "; known: " + String.join(", ", types.names())));
        JobKind kind = JobKind.of(s.kind() == null ? "Generic" : s.kind())
                .orElseThrow(() -> WharfException.badRequest("job.metadata.kind must be Generic, Scheduled or Periodic"));
        JsonObject parameters = s.parameters() == null ? JsonValue.EMPTY_JSON_OBJECT : s.parameters();
        try {
            type.validate(parameters);
        } catch (IllegalArgumentException e) {
            throw WharfException.badRequest("job.parameters: " + e.getMessage());
        }
        checkHook(s.statusHook());
        Instant now = Instant.now();
        Instant runAt = now;
        switch (kind) {
            case SCHEDULED -> {
                if (s.scheduleDelay() == null || s.scheduleDelay() < 1 || s.scheduleDelay() > MAX_DELAY_SECONDS) {
                    throw WharfException.badRequest("job.metadata.schedule_delay must be 1 to " + MAX_DELAY_SECONDS + " seconds for a Scheduled job");
                }
                runAt = now.plusSeconds(s.scheduleDelay());
            }
            case PERIODIC -> {
                try {
                    CronSpecs.validate(s.cronSpec());
                    runAt = CronSpecs.next(s.cronSpec(), now);
                } catch (IllegalArgumentException e) {
                    throw WharfException.badRequest("job.metadata." + e.getMessage());
                }
            }
            default -> { }
        }
        boolean unique = Boolean.TRUE.equals(s.unique());
        String uniqueKey = unique ? uniqueKey(s.name(), parameters) : null;
        if (unique) {
            store.activeWithKey(uniqueKey).ifPresent(existing -> {
                throw WharfException.conflict("a unique " + s.name() + " job with these parameters is already "
                        + existing.getStatus().wire().toLowerCase() + ": " + existing.getId());
            });
        }
        Job job = new Job(Ids.newId(), s.name(), kind, parameters.toString(), s.statusHook(),
                kind == JobKind.PERIODIC ? s.cronSpec() : null, unique, uniqueKey, type.maxFails(), runAt, now);
        if (!unique && (s.statusHook() == null || s.statusHook().isBlank())) {
            // The common case: written together with concurrent submissions (one commit for all)
            // and queued by the same Redis command; nothing returns before both are done.
            inserts.add(job);
            return job;
        }
        try {
            job = store.add(job);
        } catch (EJBException e) {
            if (unique) throw WharfException.conflict("a unique " + s.name() + " job with these parameters is already queued");
            throw e;
        }
        // The Pending change goes out before a worker can see the job, so changes arrive in order.
        events.changed(job, null);
        if (kind == JobKind.GENERIC) {
            try {
                queue.enqueue(job.getId());
            } catch (RuntimeException e) {
                // The database has it as Pending; the scheduler queues it once Redis answers.
                store.markUnqueued(job.getId());
                queue.noteUnqueued();
                LOG.warning("Job " + job.getId() + " saved but not queued yet (Redis: " + e.getMessage() + ")");
            }
        }
        return job;
    }

    /** The unique job of this name and these parameters still queued, scheduled or running, if any. */
    public java.util.Optional<Job> activeUnique(String name, JsonObject parameters) {
        return store.activeWithKey(uniqueKey(name, parameters == null ? JsonValue.EMPTY_JSON_OBJECT : parameters));
    }

    public Job get(String id) {
        return store.find(checkId(id)).orElseThrow(() -> WharfException.notFound("job " + id + " not found"));
    }

    public Job act(String id, String action) {
        Job job = get(id);
        Instant now = Instant.now();
        switch (action == null ? "" : action) {
            case "stop" -> {
                queue.requestStop(job.getId());
                runner.stopHere(job.getId());
                Job after = store.stop(job.getId(), now);
                if (after.getStatus() == JobStatus.STOPPED && job.getStatus() != JobStatus.STOPPED) events.changed(after, null);
                return after;
            }
            case "retry" -> {
                Job after;
                try {
                    after = store.retry(job.getId(), now);
                } catch (EJBException e) {
                    Throwable cause = e.getCause() == null ? e : e.getCause();
                    throw new WharfException(409, "CONFLICT", cause.getMessage());
                } catch (IllegalStateException e) {
                    throw new WharfException(409, "CONFLICT", e.getMessage());
                }
                events.changed(after, null);
                queue.enqueue(after.getId());
                return after;
            }
            default -> throw WharfException.badRequest("action must be stop or retry");
        }
    }

    public String log(String id) {
        get(id);
        return logs.read(id).orElseThrow(() -> WharfException.notFound("job " + id + " has no log yet"));
    }

    public Page<Job> executions(String id, Integer page, Integer pageSize) {
        Job job = get(id);
        if (job.getKind() != JobKind.PERIODIC) throw WharfException.badRequest("job " + id + " is not periodic");
        int[] p = Page.normalize(page, pageSize);
        return new Page<>(store.executions(id, (p[0] - 1) * p[1], p[1]), store.countExecutions(id), p[0], p[1]);
    }

    public JsonObject stats() {
        Map<String, Map<String, Long>> byName = new TreeMap<>();
        for (Object[] row : store.countsByNameAndStatus()) {
            byName.computeIfAbsent((String) row[0], k -> new TreeMap<>())
                    .put(JobStatus.valueOf(row[1].toString().trim()).wire().toLowerCase(), ((Number) row[2]).longValue());
        }
        JsonObjectBuilder queues = JobStats.JSON.createObjectBuilder();
        byName.forEach((name, counts) -> {
            JsonObjectBuilder c = JobStats.JSON.createObjectBuilder();
            counts.forEach(c::add);
            queues.add(name, c);
        });
        int busy = 0;
        int total = 0;
        var servers = JobStats.JSON.createArrayBuilder();
        try {
            workers.publish();
            for (String key : queue.workerKeys()) {
                String value = queue.read(key);
                if (value == null || !value.contains("/")) continue;
                int b = Integer.parseInt(value.substring(0, value.indexOf('/')));
                int t = Integer.parseInt(value.substring(value.indexOf('/') + 1));
                busy += b;
                total += t;
                servers.add(JobStats.JSON.createObjectBuilder().add("server", key.substring(key.lastIndexOf(':') + 1)).add("busy", b).add("size", t));
            }
        } catch (RuntimeException e) {
            // Redis away: report the database's view only.
        }
        int depth;
        try {
            depth = queue.depth();
        } catch (RuntimeException e) {
            depth = -1;
        }
        return JobStats.JSON.createObjectBuilder()
                .add("jobs", queues)
                .add("queue_length", depth)
                .add("workers", JobStats.JSON.createObjectBuilder().add("busy", busy).add("idle", Math.max(0, total - busy))
                        .add("pools", servers))
                .build();
    }

    private static String checkId(String id) {
        if (id == null || !id.matches("[A-Za-z0-9-]{1,40}")) throw WharfException.notFound("job " + id + " not found");
        return id;
    }

    private static void checkHook(String hook) {
        if (hook == null || hook.isBlank()) return;
        try {
            URI uri = URI.create(hook);
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new IllegalArgumentException();
            }
        } catch (IllegalArgumentException e) {
            throw WharfException.badRequest("job.status_hook must be an http or https URL");
        }
    }

    /** Same name and same parameters (keys in order) give the same key. */
    static String uniqueKey(String name, JsonObject parameters) {
        StringBuilder canonical = new StringBuilder(name).append('\n');
        new TreeMap<>(parameters).forEach((k, v) -> canonical.append(k).append('=').append(v).append('\n'));
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(canonical.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static List<String> kinds() { return List.of("Generic", "Scheduled", "Periodic"); }
}
