package io.wharf.gc;

import io.wharf.common.Page;
import io.wharf.common.WharfException;
import io.wharf.jobservice.CronSpecs;
import io.wharf.jobservice.Job;
import io.wharf.jobservice.JobService;
import io.wharf.project.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.io.StringReader;
import java.util.Map;
import java.util.Optional;

/** Garbage collection for administrators: run it now (or as a dry run), schedule it, its history and logs. */
@ApplicationScoped
public class GcService {
    private static final Map<String, String> FIXED_CRONS = Map.of(
            "Hourly", "0 0 * * * *", "Daily", "0 0 0 * * *", "Weekly", "0 0 0 * * 0");

    @Inject GcStore store;
    @Inject JobService jobs;

    /** The schedule as Harbor shows it, with the options scheduled runs use. */
    public record Schedule(String type, String cron, JsonObject parameters, java.time.Instant updateTime) {}

    /** Starts a run at once ({@code Manual}); answers its history row. */
    public GcRun runNow(Caller caller, GcOptions options) {
        requireAdmin(caller);
        GcRun run = store.newRun("Manual", "Generic", options.toJson().toString());
        JsonObject parameters = Json.createObjectBuilder(options.toJson()).add(GcJob.RUN_ID, run.getId()).build();
        Job job;
        try {
            job = jobs.submit(new JobService.Submission(GcJob.NAME, parameters, null, "Generic", null, null, false));
        } catch (RuntimeException e) {
            store.ended(run.getId(), "Error", null);
            throw e;
        }
        store.queued(run.getId(), job.getId());
        return store.run(run.getId()).orElse(run);
    }

    public Page<GcRun> history(Caller caller, Integer page, Integer pageSize) {
        requireAdmin(caller);
        int[] p = Page.normalize(page, pageSize);
        return new Page<>(store.runs((p[0] - 1) * p[1], p[1]), store.countRuns(), p[0], p[1]);
    }

    public GcRun run(Caller caller, long id) {
        requireAdmin(caller);
        return store.run(id).orElseThrow(() -> WharfException.notFound("garbage collection " + id + " not found"));
    }

    public String log(Caller caller, long id) {
        GcRun run = run(caller, id);
        if (run.getJobId() == null) throw WharfException.notFound("garbage collection " + id + " has no log yet");
        return jobs.log(run.getJobId());
    }

    public void stop(Caller caller, long id) {
        GcRun run = run(caller, id);
        // As in Harbor, stopping a run that has already ended changes nothing and is no error.
        if (!(run.getStatus().equals("Pending") || run.getStatus().equals("Running"))) return;
        if (run.getJobId() == null) {
            throw WharfException.badRequest("garbage collection " + id + " is not running");
        }
        jobs.act(run.getJobId(), "stop");
        if (run.getStatus().equals("Pending")) store.ended(id, "Stopped", null);
    }

    public Schedule schedule(Caller caller) {
        requireAdmin(caller);
        Optional<GcSchedule> s = store.schedule();
        if (s.isEmpty()) return new Schedule("None", null, new GcOptions(false, false, 1).toJson(), null);
        return new Schedule(s.get().getType(), s.get().getCron(), parse(s.get().getParameters()), s.get().getUpdateTime());
    }

    /**
     * Sets the schedule (None, Hourly, Daily, Weekly, Custom with a cron); {@code Manual} runs once
     * now instead, as Harbor's portal asks with "GC Now".
     */
    public Optional<GcRun> setSchedule(Caller caller, String type, String cron, GcOptions options) {
        requireAdmin(caller);
        String t = type == null ? "" : type;
        if (t.equals("Manual")) return Optional.of(runNow(caller, options));
        String spec;
        if (t.equals("None")) {
            spec = null;
        } else if (FIXED_CRONS.containsKey(t)) {
            spec = FIXED_CRONS.get(t);
        } else if (t.equals("Custom") || t.equals("Schedule")) {
            try {
                CronSpecs.validate(cron);
            } catch (IllegalArgumentException e) {
                throw WharfException.badRequest("schedule.cron: " + e.getMessage());
            }
            spec = cron;
            t = "Custom";
        } else {
            throw WharfException.badRequest("schedule.type must be None, Hourly, Daily, Weekly, Custom or Manual");
        }
        store.schedule().map(GcSchedule::getJobId).ifPresent(old -> {
            try {
                jobs.act(old, "stop");
            } catch (WharfException e) {
                if (e.status() != 404) throw e;
            }
        });
        String jobId = null;
        if (spec != null) {
            jobId = jobs.submit(new JobService.Submission(GcJob.NAME, options.toJson(), null, "Periodic", null, spec, false)).getId();
        }
        store.saveSchedule(t, spec, jobId, options.toJson().toString());
        return Optional.empty();
    }

    static JsonObject parse(String json) {
        if (json == null || json.isBlank()) return Json.createObjectBuilder().build();
        try (var reader = Json.createReader(new StringReader(json))) {
            return reader.readObject();
        }
    }

    /** The run's parameters as Harbor's history shows them, with what the run removed. */
    public static String parametersWithResults(GcRun run) {
        JsonObjectBuilder b = Json.createObjectBuilder(parse(run.getParameters()));
        if (!run.getStatus().equals("Pending")) {
            b.add("artifacts_deleted", run.getArtifactsDeleted()).add("manifests_deleted", run.getManifestsDeleted())
                    .add("blobs_deleted", run.getBlobsDeleted()).add("uploads_purged", run.getUploadsPurged())
                    .add("freed_space", run.getBytesFreed()).add("duration_ms", run.getDurationMs());
        }
        return b.build().toString();
    }

    private static void requireAdmin(Caller caller) {
        if (caller.isAnonymous()) throw WharfException.unauthorized("sign in as an administrator");
        if (!caller.sysadmin()) throw WharfException.forbidden("only administrators can run garbage collection");
    }
}
