package io.wharf.scan;

import io.wharf.jobservice.JobContext;
import io.wharf.jobservice.JobType;
import io.wharf.scan.spi.ScanFailedException;
import io.wharf.scanner.DatabaseState;
import io.wharf.scanner.Finding;
import io.wharf.scanner.ScanReport;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * {@code VULNDB_RESCAN}: matches every embedded-scanner report again against the current
 * vulnerability data, from the layer inventories stored when the image was scanned: no blob is read.
 * A report whose findings changed is replaced; one whose overall severity went up gets a
 * {@code severity_rose} audit entry. Metered ({@code vulndb.rematch.per_second}) so that it never
 * crowds out scans and pushes.
 */
@ApplicationScoped
public class VulnDbRematchJob implements JobType {
    public static final String NAME = "VULNDB_RESCAN";
    public static final String SEVERITY_ROSE = "severity_rose";
    private static final Logger LOG = Logger.getLogger(VulnDbRematchJob.class.getName());
    private static final int PAGE = 100;

    @Inject ScanStore scans;
    @Inject VulnDbRematchStore passes;
    @Inject EmbeddedImageScanner scanner;
    @Inject ImageManifests images;

    @Inject @ConfigProperty(name = "vulndb.rematch.per_second", defaultValue = "200")
    int perSecond;

    @Override public String name() { return NAME; }
    @Override public int maxFails() { return 2; }

    @Override
    public void validate(JsonObject parameters) {
        if (!parameters.isEmpty()) throw new IllegalArgumentException("takes no parameters");
    }

    @Override
    public void run(JobContext context) throws Exception {
        do {
            if (!pass(context)) return;
        } while (passes.end(context.jobId(), "Success"));
    }

    /** One pass over every report; false when stopped. */
    private boolean pass(JobContext context) throws InterruptedException {
        DatabaseState data = scanner.dataState();
        long total = scans.countReportsToRematch(EmbeddedImageScanner.INFO.name());
        passes.start(context.jobId(), total, data.generation());
        context.log().info("rematching " + total + " reports against data generation " + data.generation());
        long done = 0, changed = 0, rose = 0, skipped = 0;
        long started = System.nanoTime();
        for (int first = 0; ; first += PAGE) {
            List<Object[]> page = scans.reportsToRematch(EmbeddedImageScanner.INFO.name(), first, PAGE);
            for (Object[] row : page) {
                if (context.stopRequested()) {
                    passes.progress(context.jobId(), done, changed, rose, skipped);
                    passes.end(context.jobId(), "Stopped");
                    context.log().info("stopped after " + done + " of " + total);
                    return false;
                }
                String digest = (String) row[0], repository = (String) row[1], reportId = (String) row[2];
                Long projectId = (Long) row[3];
                Optional<ScanReport> report = rematch(repository, digest, context);
                if (report.isEmpty()) {
                    skipped++;
                } else {
                    Optional<ScanStore.Rematched> result = scans.rematch(digest, reportId, report.get().findings(),
                            report.get().dataGeneration(), report.get().dataUpdatedAt(), projectId, repository);
                    if (result.isPresent() && result.get().findingsChanged()) changed++;
                    if (result.isPresent() && result.get().severityRose()) {
                        rose++;
                        severityRose(repository, digest, result.get(), context);
                    }
                }
                done++;
                if (done % 50 == 0) {
                    passes.progress(context.jobId(), done, changed, rose, skipped);
                    context.checkIn("rematched " + done + " of " + total);
                }
                meter(started, done);
            }
            if (page.size() < PAGE) break;
        }
        passes.progress(context.jobId(), done, changed, rose, skipped);
        context.log().info("rematched " + done + " reports: " + changed + " changed, " + rose + " rose in severity, "
                + skipped + " kept (a layer was never inventoried)");
        return true;
    }

    /** The image's findings from its stored layer inventories (every platform's, for an index); empty when one is missing. */
    private Optional<ScanReport> rematch(String repository, String digest, JobContext context) {
        try {
            List<Finding> all = new ArrayList<>();
            ScanReport last = null;
            String authorization = images.pullAuthorization(repository);
            for (ImageManifests.PlatformManifest m : images.manifests(repository, digest, authorization)) {
                Optional<ScanReport> report = scanner.rematch(m.manifest().layers());
                if (report.isEmpty()) return Optional.empty();
                all.addAll(report.get().findings());
                last = report.get();
            }
            if (last == null) return Optional.empty();
            return Optional.of(new ScanReport(last.osRelease(), last.packages(), all, last.dataGeneration(), last.dataUpdatedAt()));
        } catch (ScanFailedException | RuntimeException e) {
            // The manifest is gone from the registry, say: its report stays as it was.
            context.log().warning(repository + "@" + digest + ": not rematched: " + e.getMessage());
            return Optional.empty();
        }
    }

    private void severityRose(String repository, String digest, ScanStore.Rematched r, JobContext context) {
        String from = r.before() == null ? "None" : r.before().label();
        context.log().info(repository + "@" + digest + ": severity rose from " + from + " to " + r.after().label());
        LOG.info("Severity of " + repository + "@" + digest + " rose from " + from + " to " + r.after().label());
    }

    private void meter(long startedNanos, long done) throws InterruptedException {
        if (perSecond <= 0) return;
        long dueMillis = done * 1000 / perSecond - (System.nanoTime() - startedNanos) / 1_000_000;
        if (dueMillis > 0) Thread.sleep(dueMillis);
    }
}
