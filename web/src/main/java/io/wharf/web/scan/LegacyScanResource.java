package io.wharf.web.scan;

import io.wharf.project.Permission;
import io.wharf.web.security.Requires;
import io.wharf.web.security.BasicSignIn;
import io.wharf.web.security.SessionSignIn;
import io.wharf.common.WharfException;
import io.wharf.registry.RepositoryName;
import io.wharf.scan.ScanService;
import io.wharf.web.security.CallerHolder;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** The pre-v2.0 scan API that Harbor's older clients call: scan by tag, and a scan job's log. */
@Path("api")
@BasicSignIn
@SessionSignIn
public class LegacyScanResource {
    @Inject ScanService scans;
    @Inject CallerHolder caller;

    @POST
    @Path("repositories/{repository: .+}/tags/{tag}/scan")
    @Requires(value = Permission.SCAN_CREATE, project = "repository")
    public Response scan(@PathParam("repository") String repository, @PathParam("tag") String tag) {
        RepositoryName name = RepositoryName.parse(repository)
                .orElseThrow(() -> WharfException.badRequest("repository must be <project>/<name>"));
        return ScanResource.accepted(scans.scan(caller.get(), name.project(), name.withinProject(), tag));
    }

    @GET
    @Path("jobs/scan/{id}/log")
    @Produces(MediaType.TEXT_PLAIN)
    @Requires(Permission.SCAN_READ)
    public String log(@PathParam("id") String id) {
        return scans.log(caller.get(), id);
    }
}
