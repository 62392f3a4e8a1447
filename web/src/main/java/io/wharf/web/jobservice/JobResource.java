package io.wharf.web.jobservice;

import io.wharf.web.security.InternalOnly;
import io.wharf.common.Page;
import io.wharf.common.WharfException;
import io.wharf.jobservice.Job;
import io.wharf.jobservice.JobService;
import io.wharf.jobservice.JobStats;
import io.wharf.web.project.PageLinks;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/**
 * {@code /api/v1/jobs}: submit, read, stop or retry jobs, read their logs and a periodic job's
 * executions. Only callers with the internal secret get here ({@code InternalSecretFilter}).
 */
@Path("api/v1/jobs")
@Produces(MediaType.APPLICATION_JSON)
// One instance: not built and injected again for every request (UriInfo is a per-request proxy).
@ApplicationScoped
@InternalOnly
public class JobResource {
    @Inject JobService jobs;
    @Context UriInfo uri;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response submit(JsonObject body) {
        JsonObject job = object(body, "job");
        if (job == null) throw WharfException.badRequest("the body must be {\"job\":{\"name\",\"parameters\",\"status_hook\",\"metadata\"}}");
        JsonObject metadata = object(job, "metadata");
        JsonObject parameters = object(job, "parameters");
        Job created = jobs.submit(new JobService.Submission(
                string(job, "name"), parameters, string(job, "status_hook"),
                metadata == null ? null : string(metadata, "kind"),
                metadata == null ? null : number(metadata, "schedule_delay"),
                metadata == null ? null : string(metadata, "cron_spec"),
                metadata != null && metadata.get("unique") == JsonValue.TRUE));
        // The parameters as submitted (and stored): not parsed again from the row.
        return Response.accepted(JobStats.JSON.createObjectBuilder()
                .add("job", JobStats.of(created).toJson(parameters == null ? JsonValue.EMPTY_JSON_OBJECT : parameters)).build()).build();
    }

    @GET
    @Path("{id}")
    public JsonObject get(@PathParam("id") String id) { return wrap(jobs.get(id)); }

    @POST
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public JsonObject act(@PathParam("id") String id, JsonObject body) {
        return wrap(jobs.act(id, body == null ? null : string(body, "action")));
    }

    @GET
    @Path("{id}/log")
    @Produces(MediaType.TEXT_PLAIN)
    public Response log(@PathParam("id") String id) {
        return Response.ok(jobs.log(id), MediaType.TEXT_PLAIN_TYPE.withCharset("UTF-8")).build();
    }

    @GET
    @Path("{id}/executions")
    public Response executions(@PathParam("id") String id, @QueryParam("page") Integer page,
                               @QueryParam("page_size") Integer pageSize) {
        Page<Job> result = jobs.executions(id, page, pageSize);
        var array = JobStats.JSON.createArrayBuilder();
        result.items().forEach(j -> array.add(JobStats.of(j).toJson()));
        return PageLinks.ok(array.build(), result, uri).build();
    }

    private static JsonObject wrap(Job job) {
        return JobStats.JSON.createObjectBuilder().add("job", JobStats.of(job).toJson()).build();
    }

    private static JsonObject object(JsonObject o, String key) {
        JsonValue v = o == null ? null : o.get(key);
        if (v == null || v == JsonValue.NULL) return null;
        if (v.getValueType() != JsonValue.ValueType.OBJECT) throw WharfException.badRequest(key + " must be an object");
        return v.asJsonObject();
    }

    private static String string(JsonObject o, String key) {
        JsonValue v = o.get(key);
        if (v == null || v == JsonValue.NULL) return null;
        if (v.getValueType() != JsonValue.ValueType.STRING) throw WharfException.badRequest(key + " must be a string");
        return o.getString(key);
    }

    private static Long number(JsonObject o, String key) {
        JsonValue v = o.get(key);
        if (v == null || v == JsonValue.NULL) return null;
        if (v.getValueType() != JsonValue.ValueType.NUMBER || !((JsonNumber) v).isIntegral()) {
            throw WharfException.badRequest(key + " must be a whole number");
        }
        return ((JsonNumber) v).longValue();
    }
}
