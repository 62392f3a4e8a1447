package io.wharf.web.scan;

import io.wharf.common.WharfException;
import io.wharf.project.Permission;
import io.wharf.sbom.SbomReport;
import io.wharf.sbom.SbomService;
import io.wharf.web.http.StrictJson;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.ByteArrayInputStream;
import java.util.List;
import io.wharf.scan.ScanJob;
import io.wharf.scan.ScanService;
import io.wharf.web.artifact.RepositoryResource;
import io.wharf.web.security.BasicSignIn;
import io.wharf.web.security.CallerHolder;
import io.wharf.web.security.Requires;
import io.wharf.web.security.SessionSignIn;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * Scanning an artifact, Harbor v2.0 style: {@code POST .../artifacts/{reference}/scan} answers 202
 * and the scan runs in the job service; its log is readable while it runs.
 */
@Path("api/v2.0/projects/{project}/repositories/{repository}/artifacts/{reference}/scan")
@BasicSignIn
@SessionSignIn
public class ScanResource {
    @Inject ScanService scans;
    @Inject CallerHolder caller;
    @Inject io.wharf.scan.ScanStops stops;
    @Inject SbomService sboms;

    static final String VULNERABILITY = "vulnerability";
    static final String SBOM = "sbom";

    @POST
    @Requires(Permission.SCAN_CREATE)
    public Response scan(@PathParam("project") String project, @PathParam("repository") String repository,
                         @PathParam("reference") String reference, byte[] body) {
        if (SBOM.equals(scanType(body))) {
            SbomReport report = sboms.generate(caller.get(), project, RepositoryResource.decode(repository), reference);
            return Response.accepted().header("X-Wharf-Report-Id", report.getId()).build();
        }
        ScanJob job = scans.scan(caller.get(), project, RepositoryResource.decode(repository), reference);
        return accepted(job);
    }

    /** Harbor 2.11's optional body {@code {"scan_type": "vulnerability" | "sbom"}}; none means a vulnerability scan. */
    static String scanType(byte[] body) {
        if (body == null || body.length == 0) return VULNERABILITY;
        StrictJson.check(body, ScanTypeRequest.class);
        JsonValue value;
        try (JsonReader reader = Json.createReader(new ByteArrayInputStream(body))) {
            value = reader.readValue();
        }
        if (value.getValueType() == JsonValue.ValueType.NULL) return VULNERABILITY;
        if (!(value instanceof JsonObject o)) throw WharfException.badRequest("the request body must be a JSON object");
        JsonValue type = o.get("scan_type");
        if (type == null || type.getValueType() == JsonValue.ValueType.NULL) return VULNERABILITY;
        if (!(type instanceof JsonString s) || !List.of(VULNERABILITY, SBOM).contains(s.getString())) {
            throw WharfException.badRequest("scan_type must be \"vulnerability\" or \"sbom\"");
        }
        return s.getString();
    }

    /** The body's shape, for the type check. */
    public record ScanTypeRequest(String scanType) {}

    /** Stops the artifact's pending or running scan (Harbor's {@code stopScanArtifact}); the body's {@code scan_type} is optional. */
    @POST
    @Path("stop")
    @Requires(Permission.SCAN_CREATE)
    public Response stop(@PathParam("project") String project, @PathParam("repository") String repository,
                         @PathParam("reference") String reference, byte[] body) {
        if (SBOM.equals(scanType(body))) {
            sboms.stop(caller.get(), project, RepositoryResource.decode(repository), reference);
            return Response.accepted().build();
        }
        stops.stop(caller.get(), project, RepositoryResource.decode(repository), reference);
        return Response.accepted().build();
    }

    @GET
    @Path("{reportId}/log")
    @Produces(MediaType.TEXT_PLAIN)
    @Requires(Permission.SCAN_READ)
    public String log(@PathParam("reportId") String reportId) {
        try {
            return scans.log(caller.get(), reportId);
        } catch (WharfException e) {
            // The report may be an SBOM generation's (its overview's report_id).
            if (e.status() != 404) throw e;
            return sboms.log(caller.get(), reportId).orElseThrow(() -> e);
        }
    }

    static Response accepted(ScanJob job) {
        return Response.accepted().header("X-Wharf-Scan-Id", job.getId())
                .header("Location", "/api/jobs/scan/" + job.getId() + "/log").build();
    }
}
