package io.wharf.web.project;

import io.wharf.project.Permission;
import io.wharf.statistics.StatisticsService;
import io.wharf.web.security.BasicSignIn;
import io.wharf.web.security.CallerHolder;
import io.wharf.web.security.Requires;
import io.wharf.web.security.SessionSignIn;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** Harbor's {@code GET /api/v2.0/statistics}: what the portal's dashboard counts, for anyone signed in. */
@Path("api/v2.0/statistics")
@BasicSignIn
@SessionSignIn
public class StatisticsResource {
    @Inject StatisticsService statistics;
    @Inject CallerHolder caller;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Requires(Permission.STATISTICS_READ)
    public StatisticsService.Statistic statistic() {
        return statistics.statistic(caller.get());
    }
}
