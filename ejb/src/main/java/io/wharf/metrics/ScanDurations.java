package io.wharf.metrics;

import io.wharf.jobservice.JobStatus;
import io.wharf.jobservice.JobStatusChanged;
import io.wharf.scan.ImageScanJob;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

/**
 * {@code wharf_scan_duration_seconds} (a timer: count, sum, max, by {@code status}): how long scans
 * ran, from their job's Running to its end, as the job service reports them (batch-submitted scans
 * too). Only this server's starts are known, so a scan that moved servers is not timed. At most
 * {@value #MAX_RUNNING} running scans are remembered, so a flood of lost ends cannot grow it.
 */
@ApplicationScoped
public class ScanDurations {
    static final int MAX_RUNNING = 10_000;

    @Inject MetricRegistry registry;

    private final Map<String, Long> started = new ConcurrentHashMap<>();

    void onJob(@Observes JobStatusChanged change) {
        if (!ImageScanJob.NAME.equals(change.jobName())) return;
        if (change.status() == JobStatus.RUNNING) {
            if (started.size() < MAX_RUNNING) started.putIfAbsent(change.jobId(), System.nanoTime());
            return;
        }
        if (!change.status().isFinal()) return;
        Long start = started.remove(change.jobId());
        if (start == null) return;
        registry.timer("wharf_scan_duration", new Tag("status", change.status().wire()))
                .update(Duration.ofNanos(System.nanoTime() - start));
    }
}
