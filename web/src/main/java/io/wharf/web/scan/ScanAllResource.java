package io.wharf.web.scan;

import io.wharf.project.Permission;
import io.wharf.scan.ScanAllService;
import io.wharf.scan.ScanStatus;
import io.wharf.web.security.BasicSignIn;
import io.wharf.web.security.CallerHolder;
import io.wharf.web.security.Requires;
import io.wharf.web.security.SessionSignIn;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;

/** Scan all, administrators only: start, stop, schedule, and its metrics, in Harbor's paths and shapes. */
@Path("api")
@Produces(MediaType.APPLICATION_JSON)
@BasicSignIn
@SessionSignIn
public class ScanAllResource {
    @Inject ScanAllService scanAll;
    @Inject CallerHolder caller;

    public record MetricsView(int total, long completed, Map<String, Long> metrics, boolean ongoing, String trigger,
                              java.time.Instant startTime, java.time.Instant endTime) {}

    public record ScheduleBody(String type, String cron) {}

    public record ScheduleRequest(ScheduleBody schedule) {}

    @POST
    @Path("repositories/scanAll")
    @Requires(Permission.SCAN_ALL)
    public Response start() {
        scanAll.start(caller.get());
        return Response.accepted().build();
    }

    @POST
    @Path("v2.0/system/scanAll")
    @Requires(Permission.SCAN_ALL)
    public Response startV2() { return start(); }

    @POST
    @Path("v2.0/system/scanAll/stop")
    @Requires(Permission.SCAN_ALL)
    public Response stop() {
        scanAll.stop(caller.get());
        return Response.accepted().build();
    }

    @GET
    @Path("v2.0/scans/all/metrics")
    @Requires(Permission.SCAN_ALL)
    public MetricsView metrics() {
        ScanAllService.Metrics m = scanAll.metrics(caller.get());
        Map<String, Long> counts = new LinkedHashMap<>();
        for (ScanStatus s : ScanStatus.values()) {
            if (m.counts().containsKey(s)) counts.put(s.wire(), m.counts().get(s));
        }
        return new MetricsView(m.total(), m.completed(), counts, m.ongoing(), m.trigger(), m.startTime(), m.endTime());
    }

    @GET
    @Path("v2.0/system/scanAll/schedule")
    @Requires(Permission.SCAN_ALL)
    public ScheduleRequest schedule() {
        ScanAllService.Schedule s = scanAll.schedule(caller.get());
        return new ScheduleRequest(new ScheduleBody(s.type(), s.cron()));
    }

    @PUT
    @Path("v2.0/system/scanAll/schedule")
    @Consumes(MediaType.APPLICATION_JSON)
    @Requires(Permission.SCAN_ALL)
    public Response setSchedule(ScheduleRequest request) {
        if (request == null || request.schedule() == null) {
            throw io.wharf.common.WharfException.badRequest("schedule is required: {\"schedule\":{\"type\":\"Daily\"}}");
        }
        scanAll.setSchedule(caller.get(), request.schedule().type(), request.schedule().cron());
        return Response.ok().build();
    }

    /**
     * Harbor's {@code createScanAllSchedule}: the same as setting it, answered 201; the type {@code Manual}
     * is Harbor's way to run scan all now (409 while a run is going), and leaves the schedule as it is.
     */
    @POST
    @Path("v2.0/system/scanAll/schedule")
    @Consumes(MediaType.APPLICATION_JSON)
    @Requires(Permission.SCAN_ALL)
    public Response createSchedule(ScheduleRequest request) {
        if (request != null && request.schedule() != null && "Manual".equals(request.schedule().type())) {
            scanAll.start(caller.get());
            return Response.status(201).build();
        }
        setSchedule(request);
        return Response.status(201).build();
    }

    /** Metrics of the latest scan all when a schedule started it; empty ones otherwise. */
    @GET
    @Path("v2.0/scans/schedule/metrics")
    @Requires(Permission.SCAN_ALL)
    public MetricsView scheduledMetrics() {
        MetricsView latest = metrics();
        return "Schedule".equalsIgnoreCase(latest.trigger()) ? latest
                : new MetricsView(0, 0, Map.of(), false, "Schedule", null, null);
    }
}
