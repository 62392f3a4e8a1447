package io.wharf.web.gc;

import io.wharf.common.Page;
import io.wharf.common.WharfException;
import io.wharf.gc.GcOptions;
import io.wharf.gc.GcRun;
import io.wharf.gc.GcService;
import io.wharf.project.Permission;
import io.wharf.web.project.PageLinks;
import io.wharf.web.security.BasicSignIn;
import io.wharf.web.security.CallerHolder;
import io.wharf.web.security.Requires;
import io.wharf.web.security.SessionSignIn;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** {@code /api/v2.0/system/gc}: administrators run garbage collection now or on a schedule and read its history and logs. */
@Path("api/v2.0/system/gc")
@Produces(MediaType.APPLICATION_JSON)
@BasicSignIn
@SessionSignIn
public class GcResource {
    @Inject GcService gc;
    @Inject CallerHolder caller;
    @Context UriInfo uri;

    public record ScheduleObj(String type, String cron, Instant nextScheduledTime) {}

    /** Harbor's {@code GCHistory}; {@code job_parameters} is a JSON object in a string, with the run's results once it ran. */
    public record History(long id, String jobName, String jobKind, String jobParameters, ScheduleObj schedule, String jobStatus,
                          boolean deleted, Instant creationTime, Instant updateTime) {
        static History of(GcRun run) {
            return new History(run.getId(), "GARBAGE_COLLECTION", run.getJobKind(), GcService.parametersWithResults(run),
                    new ScheduleObj(run.getTrigger().equals("Manual") ? "Manual" : "Schedule", null, null), run.getStatus(), false,
                    run.getCreationTime(), run.getUpdateTime());
        }
    }

    public record Parameters(Boolean dryRun, Boolean deleteUntagged, Integer workers) {
        GcOptions options() {
            JsonObjectBuilder b = Json.createObjectBuilder();
            if (dryRun != null) b.add("dry_run", dryRun);
            if (deleteUntagged != null) b.add("delete_untagged", deleteUntagged);
            if (workers != null) b.add("workers", workers);
            try {
                return GcOptions.of(b.build());
            } catch (IllegalArgumentException e) {
                throw WharfException.badRequest("parameters." + e.getMessage());
            }
        }
    }

    public record ScheduleBody(String type, String cron) {}

    /** Harbor's {@code Schedule}: {@code {"schedule":{"type","cron"},"parameters":{...}}}. */
    public record ScheduleRequest(ScheduleBody schedule, Parameters parameters) {}

    @GET
    @Requires(Permission.GC_MANAGE)
    public Response history(@QueryParam("page") Integer page, @QueryParam("page_size") Integer pageSize) {
        Page<GcRun> runs = gc.history(caller.get(), page, pageSize);
        List<History> items = runs.items().stream().map(History::of).toList();
        return PageLinks.ok(items, runs, uri).build();
    }

    @GET
    @Path("{id}")
    @Requires(Permission.GC_MANAGE)
    public History get(@PathParam("id") String id) { return History.of(gc.run(caller.get(), parseId(id))); }

    /** Harbor's {@code stopGC}. */
    @PUT
    @Path("{id}")
    @Requires(Permission.GC_MANAGE)
    public Response stop(@PathParam("id") String id) {
        gc.stop(caller.get(), parseId(id));
        return Response.ok().build();
    }

    @GET
    @Path("{id}/log")
    @Produces(MediaType.TEXT_PLAIN)
    @Requires(Permission.GC_MANAGE)
    public Response log(@PathParam("id") String id) {
        return Response.ok(gc.log(caller.get(), parseId(id)), MediaType.TEXT_PLAIN_TYPE.withCharset("UTF-8")).build();
    }

    /** The schedule, in the shape of a history entry as Harbor answers it ({@code job_parameters} are the scheduled options). */
    @GET
    @Path("schedule")
    @Requires(Permission.GC_MANAGE)
    public History schedule() {
        GcService.Schedule s = gc.schedule(caller.get());
        return new History(0, "GARBAGE_COLLECTION", "Periodic", s.parameters().toString(), new ScheduleObj(s.type(), s.cron(), null),
                null, false, s.updateTime(), s.updateTime());
    }

    /** Sets the schedule, or with type {@code Manual} runs once now (answered 201 with the new run's {@code Location}). */
    @POST
    @Path("schedule")
    @Consumes(MediaType.APPLICATION_JSON)
    @Requires(Permission.GC_MANAGE)
    public Response createSchedule(ScheduleRequest request) {
        Optional<GcRun> run = set(request);
        Response.ResponseBuilder r = Response.status(201);
        run.ifPresent(x -> r.header("Location", "/api/v2.0/system/gc/" + x.getId()));
        return r.build();
    }

    @PUT
    @Path("schedule")
    @Consumes(MediaType.APPLICATION_JSON)
    @Requires(Permission.GC_MANAGE)
    public Response updateSchedule(ScheduleRequest request) {
        Optional<GcRun> run = set(request);
        Response.ResponseBuilder r = Response.ok();
        run.ifPresent(x -> r.header("Location", "/api/v2.0/system/gc/" + x.getId()));
        return r.build();
    }

    private Optional<GcRun> set(ScheduleRequest request) {
        if (request == null || request.schedule() == null) {
            throw WharfException.badRequest("schedule is required: {\"schedule\":{\"type\":\"Manual\"},\"parameters\":{\"dry_run\":true}}");
        }
        GcOptions options = request.parameters() == null ? new Parameters(null, null, null).options() : request.parameters().options();
        return gc.setSchedule(caller.get(), request.schedule().type(), request.schedule().cron(), options);
    }

    private static long parseId(String id) {
        try {
            long v = Long.parseLong(id);
            if (v > 0) return v;
        } catch (NumberFormatException e) {
            // answered below
        }
        throw WharfException.notFound("garbage collection " + id + " not found");
    }
}
