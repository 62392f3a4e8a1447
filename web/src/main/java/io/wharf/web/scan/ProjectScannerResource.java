package io.wharf.web.scan;

import io.wharf.common.WharfException;
import io.wharf.project.Caller;
import io.wharf.project.Permission;
import io.wharf.project.Project;
import io.wharf.project.ProjectRole;
import io.wharf.project.ProjectService;
import io.wharf.scan.ScannerSelector;
import io.wharf.scan.spi.ImageScanner;
import io.wharf.scan.spi.ScanFailedException;
import io.wharf.scan.spi.ScannerInfo;
import io.wharf.web.security.BasicSignIn;
import io.wharf.web.security.CallerHolder;
import io.wharf.web.security.Requires;
import io.wharf.web.security.SessionSignIn;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;

/**
 * Harbor's project scanner endpoints. One scanner serves a Wharf installation ({@code scanner.type}),
 * so every project's scanner is that one, the only candidate; setting it to that one is accepted,
 * any other uuid is a 400.
 */
@Path("api/v2.0/projects/{project}/scanner")
@Produces(MediaType.APPLICATION_JSON)
@BasicSignIn
@SessionSignIn
public class ProjectScannerResource {
    @Inject ProjectService projects;
    @Inject ScannerSelector scanners;
    @Inject CallerHolder caller;

    /** Harbor's {@code ScannerRegistration}, for the installation's scanner. */
    public record ScannerView(String uuid, String name, String description, boolean disabled, boolean isDefault, String auth,
                              boolean skipCertVerify, boolean useInternalAddr, String adapter, String vendor, String version,
                              String health, Map<String, Object> capabilities) {}

    public record ScannerRequest(String uuid) {}

    @GET
    @Requires(Permission.PROJECT_READ)
    public ScannerView get(@PathParam("project") String project) {
        projects.get(caller.get(), project);
        return current();
    }

    @GET
    @Path("candidates")
    @Requires(Permission.PROJECT_READ)
    public Response candidates(@PathParam("project") String project) {
        projects.get(caller.get(), project);
        return Response.ok(List.of(current())).header("X-Total-Count", 1).build();
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @Requires(Permission.PROJECT_SCANNER_UPDATE)
    public Response set(@PathParam("project") String project, ScannerRequest request) {
        Project p = projects.get(caller.get(), project);
        Caller c = caller.get();
        if (!c.sysadmin() && projects.roleOf(c, p).map(r -> r != ProjectRole.PROJECT_ADMIN).orElse(true)) {
            throw c.isAnonymous() ? WharfException.unauthorized("sign in to set the project's scanner")
                    : WharfException.forbidden("only the project's admins set its scanner");
        }
        String uuid = current().uuid();
        if (request == null || !uuid.equals(request.uuid())) {
            throw WharfException.badRequest("this installation has one scanner, " + uuid + " (scanner.type); it serves every project");
        }
        return Response.ok().build();
    }

    private ScannerView current() {
        ImageScanner scanner;
        try {
            scanner = scanners.current();
        } catch (ScanFailedException e) {
            throw WharfException.unavailable(e.getMessage());
        }
        ScannerInfo info;
        String health = "healthy";
        try {
            info = scanner.info();
        } catch (ScanFailedException e) {
            info = new ScannerInfo(scanner.type(), "", "");
            health = "unhealthy";
        }
        return new ScannerView("wharf-" + scanner.type(), info.name(), "the " + scanner.type() + " scanner of this installation (scanner.type)",
                false, true, "", false, false, scanner.type(), info.vendor(), info.version(), health,
                Map.of("support_vulnerability", true, "support_sbom", false));
    }
}
