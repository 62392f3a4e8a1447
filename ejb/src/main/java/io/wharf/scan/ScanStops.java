package io.wharf.scan;

import io.wharf.common.WharfException;
import io.wharf.jobservice.JobService;
import io.wharf.project.Caller;
import io.wharf.project.Project;
import io.wharf.project.ProjectRole.Action;
import io.wharf.project.ProjectService;
import io.wharf.registry.ArtifactService;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;

/**
 * Harbor's {@code POST .../scan/stop}: stops the artifact's pending or running scan through the job
 * service (the job's stop action; the scan ends Stopped through its status hook). Those who may scan
 * may stop; with no scan pending or running it answers 400, as Harbor does.
 */
@Stateless
public class ScanStops {
    @Inject ProjectService projects;
    @Inject ArtifactService artifacts;
    @Inject ScanStore store;
    @Inject JobService jobs;

    public ScanJob stop(Caller caller, String project, String repository, String reference) {
        Project p = projects.get(caller, project);
        if (!projects.allowedActions(caller, p.getName()).contains(Action.PUSH)) {
            throw caller.isAnonymous() ? WharfException.unauthorized("sign in to stop scans")
                    : WharfException.forbidden("only the project's developers, maintainers and admins can stop scans");
        }
        String digest = artifacts.artifact(caller, project, repository, reference).artifact().getDigest();
        ScanJob scan = store.activeFor(digest)
                .orElseThrow(() -> WharfException.badRequest("no scan of " + reference + " is pending or running"));
        if (scan.getJobId() == null) {
            store.moveTo(scan.getId(), ScanStatus.STOPPED, "stopped by " + caller.username());
        } else {
            jobs.act(scan.getJobId(), "stop");
        }
        return scan;
    }
}
