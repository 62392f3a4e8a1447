package io.wharf.sbom;

import io.wharf.jobservice.JobStatus;
import io.wharf.jobservice.JobStatusChanged;
import io.wharf.scan.ScanStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.json.JsonString;
import java.util.Optional;

/**
 * The only writer of an SBOM generation's status, as {@code ScanLifecycle} is a scan's: the
 * {@code SBOM_GENERATE} job's changes arrive here as {@link JobStatusChanged}; Success is written
 * with the SBOM's digest once the accessory is in the registry and recorded, so an overview never
 * says Success without an SBOM to show.
 */
@ApplicationScoped
public class SbomLifecycle {
    @Inject SbomStore store;

    void onJob(@Observes JobStatusChanged change) {
        if (!SbomGenerateJob.NAME.equals(change.jobName())) return;
        if (change.status() == JobStatus.PENDING) return;
        if (!(change.parameters().get(SbomGenerateJob.REPORT_ID) instanceof JsonString id)) return;
        apply(id.getString(), ScanStatus.valueOf(change.status().name()), change.lastError());
    }

    public Optional<SbomReport> apply(String reportId, ScanStatus next, String why) {
        return store.moveTo(reportId, next, why);
    }

    /** @return false when the generation had ended meanwhile (stopped): the SBOM is not wanted */
    public boolean succeeded(String reportId, String sbomDigest) {
        return store.succeeded(reportId, sbomDigest);
    }
}
