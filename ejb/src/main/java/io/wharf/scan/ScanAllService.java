package io.wharf.scan;

import io.wharf.common.WharfException;
import io.wharf.jobservice.CronSpecs;
import io.wharf.jobservice.Job;
import io.wharf.jobservice.JobService;
import io.wharf.project.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import java.util.Map;
import java.util.Optional;

/** Scan all, for administrators: start it now, stop it, schedule it, and how far it got. */
@ApplicationScoped
public class ScanAllService {
    private static final Map<String, String> FIXED_CRONS = Map.of(
            "Hourly", "0 0 * * * *", "Daily", "0 0 0 * * *", "Weekly", "0 0 0 * * 0");

    @Inject ScanStore store;
    @Inject JobService jobs;
    @Inject ScanAllJob scanAllJob;

    /**
     * Counting the jobs of a run over 100,000 artifacts costs more than a listing may (issue 23): a run
     * still going is counted at most once a second, a finished one (its jobs no longer change) every 30 s;
     * the key holds the end time, so the first metrics after the end are counted afresh.
     */
    private final io.wharf.common.ExpiringCache<String, Map<ScanStatus, Long>> ongoingCounts =
            new io.wharf.common.ExpiringCache<>(java.time.Duration.ofSeconds(1), 16);
    private final io.wharf.common.ExpiringCache<String, Map<ScanStatus, Long>> finishedCounts =
            new io.wharf.common.ExpiringCache<>(java.time.Duration.ofSeconds(30), 16);

    /** Where the latest run stands. */
    public record Metrics(int total, long completed, Map<ScanStatus, Long> counts, boolean ongoing, String trigger,
                          java.time.Instant startTime, java.time.Instant endTime) {}

    /** The schedule as Harbor shows it: type None, Hourly, Daily, Weekly or Custom, and the cron. */
    public record Schedule(String type, String cron) {}

    public Job start(Caller caller) {
        requireAdmin(caller);
        try {
            return jobs.submit(new JobService.Submission(ScanAllJob.NAME, Json.createObjectBuilder().add(ScanAllJob.TRIGGER, "Manual").build(),
                    null, "Generic", null, null, true));
        } catch (WharfException e) {
            if (e.status() == 409) throw WharfException.conflict("a scan of all artifacts is already running");
            throw e;
        }
    }

    public Metrics metrics(Caller caller) {
        requireAdmin(caller);
        Optional<ScanAllRun> run = store.latestRun();
        if (run.isEmpty()) return new Metrics(0, 0, Map.of(), false, null, null, null);
        String id = run.get().getId();
        Map<ScanStatus, Long> counts = run.get().isOngoing() || run.get().getEndTime() == null
                ? ongoingCounts.get(id, k -> Optional.of(store.countsInRun(id))).orElseThrow()
                : finishedCounts.get(id + "@" + run.get().getEndTime(), k -> Optional.of(store.countsInRun(id))).orElseThrow();
        long completed = counts.entrySet().stream().filter(e -> e.getKey().isFinal()).mapToLong(Map.Entry::getValue).sum();
        return new Metrics(run.get().getTotal(), completed, counts, run.get().isOngoing(), run.get().getTrigger(),
                run.get().getStartTime(), run.get().getEndTime());
    }

    public void stop(Caller caller) {
        requireAdmin(caller);
        ScanAllRun run = store.ongoingRun().orElseThrow(() -> WharfException.notFound("no scan of all artifacts is running"));
        store.markRunStopped(run.getId());
        try {
            jobs.act(run.getId(), "stop");
        } catch (WharfException e) {
            if (e.status() != 404) throw e;
            store.endRun(run.getId(), true);
        }
    }

    public Schedule schedule(Caller caller) {
        requireAdmin(caller);
        return store.schedule().map(s -> new Schedule(s.getType(), s.getCron())).orElse(new Schedule("None", null));
    }

    public Schedule setSchedule(Caller caller, String type, String cron) {
        requireAdmin(caller);
        String t = type == null ? "" : type;
        String spec;
        if (t.equals("None")) {
            spec = null;
        } else if (FIXED_CRONS.containsKey(t)) {
            spec = FIXED_CRONS.get(t);
        } else if (t.equals("Custom")) {
            try {
                CronSpecs.validate(cron);
            } catch (IllegalArgumentException e) {
                throw WharfException.badRequest("schedule.cron: " + e.getMessage());
            }
            spec = cron;
        } else if (t.equals("Manual")) {
            // Harbor: Manual is no schedule; it runs scan all once, through POST.
            throw WharfException.badRequest("schedule.type Manual runs scan all once: POST it to /api/v2.0/system/scanAll/schedule");
        } else {
            throw WharfException.badRequest("schedule.type must be None, Hourly, Daily, Weekly or Custom");
        }
        store.schedule().map(ScanAllSchedule::getJobId).ifPresent(old -> {
            try {
                jobs.act(old, "stop");
            } catch (WharfException e) {
                if (e.status() != 404) throw e;
            }
        });
        String jobId = null;
        if (spec != null) {
            jobId = jobs.submit(new JobService.Submission(ScanAllJob.NAME, Json.createObjectBuilder().add(ScanAllJob.TRIGGER, "Schedule").build(),
                    null, "Periodic", null, spec, false)).getId();
        }
        store.saveSchedule(t, spec, jobId);
        return new Schedule(t, spec);
    }

    private static void requireAdmin(Caller caller) {
        if (caller.isAnonymous()) throw WharfException.unauthorized("sign in as an administrator");
        if (!caller.sysadmin()) throw WharfException.forbidden("only administrators can scan all artifacts");
    }
}
