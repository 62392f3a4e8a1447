package io.wharf.web.jobservice;

import io.wharf.web.security.InternalOnly;
import io.wharf.jobservice.JobService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** {@code /api/v1/stats}: jobs waiting and running per name, the queue's length, workers busy and idle. */
@Path("api/v1/stats")
@Produces(MediaType.APPLICATION_JSON)
@ApplicationScoped
@InternalOnly
public class JobStatsResource {
    @Inject JobService jobs;

    @GET
    public JsonObject stats() { return jobs.stats(); }
}
