package io.wharf.web.scan;

import io.wharf.web.security.InternalOnly;
import io.wharf.common.WharfException;
import io.wharf.scan.ScanService;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * A scan's status hook for callers outside Wharf (internal secret, checked by the internal-endpoint
 * filter): {@code {"job_id","status","check_in","metadata"}}. Wharf's own jobs do not call it; their
 * changes reach the scan domain as events. This takes the same path there ({@code ScanLifecycle}).
 * Idempotent: a repeated or late hook leaves a finished scan as it is.
 */
@Path("service/notifications/jobs/scan/{id}")
@InternalOnly
public class ScanHookResource {
    @Inject ScanService scans;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response hook(@PathParam("id") String id, JsonObject body) {
        if (body == null || !body.containsKey("status")) throw WharfException.badRequest("status is required");
        scans.onHook(id, body.getString("status", ""))
                .orElseThrow(() -> WharfException.notFound("scan " + id + " not found"));
        return Response.ok().build();
    }
}
