package io.wharf.web.robot;

import io.wharf.common.HarborQuery;
import io.wharf.common.Page;
import io.wharf.common.WharfException;
import io.wharf.project.Permission;
import io.wharf.robot.Robot;
import io.wharf.robot.RobotPermissions;
import io.wharf.robot.RobotService;
import io.wharf.web.project.PageLinks;
import io.wharf.web.security.BasicSignIn;
import io.wharf.web.security.CallerHolder;
import io.wharf.web.security.Requires;
import io.wharf.web.security.SessionSignIn;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
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
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * Harbor v2.0 robot accounts ({@code /api/v2.0/robots}). The project is in the body or the query,
 * so the robot service checks the {@code ROBOT_*} rows itself. The secret appears in the answer
 * to create and refresh only.
 */
@Path("api/v2.0/robots")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@BasicSignIn
@SessionSignIn
public class RobotResource {
    @Inject RobotService robots;
    @Inject CallerHolder caller;
    @Context UriInfo uri;

    /** Harbor's RobotCreate. */
    public record RobotCreate(String name, String description, String secret, String level, Boolean disable,
                              Integer duration, List<RobotPermissions.Entry> permissions) {}

    /** Harbor's Robot, as read and as sent to PUT (name, level and secret are not changed by PUT). */
    public record RobotView(Long id, String name, String description, String level, Integer duration, Boolean editable,
                            Boolean disable, Long expiresAt, List<RobotPermissions.Entry> permissions,
                            Instant creationTime, Instant updateTime) {
        static RobotView of(Robot r) {
            return new RobotView(r.getId(), r.getFullName(), r.getDescription(), r.getLevel(), r.getDuration(), true,
                    r.isDisabled(), r.getExpiresAt(), RobotPermissions.fromJson(r.getPermissions()),
                    r.getCreationTime(), r.getUpdateTime());
        }
    }

    /** Harbor's RobotCreated. */
    public record RobotCreated(Long id, String name, String secret, Instant creationTime, Long expiresAt) {}

    /** Harbor's RobotSec. */
    public record RobotSec(String secret) {}

    @POST
    @Requires(Permission.ROBOT_CREATE)
    public Response create(RobotCreate request) {
        if (request == null) throw WharfException.badRequest("a JSON body with name, level, duration and permissions is required");
        RobotService.Created created = robots.create(caller.get(), new RobotService.NewRobot(request.name(),
                request.description(), request.level(), request.duration(), request.disable(), request.secret(), request.permissions()));
        Robot r = created.robot();
        return Response.created(URI.create("/api/v2.0/robots/" + r.getId()))
                .entity(new RobotCreated(r.getId(), r.getFullName(), created.secret(), r.getCreationTime(), r.getExpiresAt()))
                .build();
    }

    /** {@code q=Level=project,ProjectID=1} lists a project's robots (its admins); without it, all (administrators). */
    @GET
    @Requires(Permission.ROBOT_LIST)
    public Response list(@QueryParam("q") String q, @QueryParam("page") Integer page, @QueryParam("page_size") Integer pageSize) {
        HarborQuery query = q == null || q.isBlank() ? HarborQuery.NONE
                : HarborQuery.parse(q, null, Set.of("Level", "ProjectID"), Set.of());
        String level = query.term("Level").map(HarborQuery.Term::value).orElse(null);
        Long projectId = null;
        String project = query.term("ProjectID").map(HarborQuery.Term::value).orElse(null);
        if (project != null) {
            if (!project.matches("\\d{1,18}")) throw WharfException.badRequest("ProjectID must be a number");
            projectId = Long.parseLong(project);
        }
        Page<Robot> result = robots.list(caller.get(), level, projectId, page, pageSize);
        return PageLinks.ok(result.items().stream().map(RobotView::of).toList(), result, uri).build();
    }

    @GET
    @Path("{id: \\d+}")
    @Requires(Permission.ROBOT_LIST)
    public RobotView get(@PathParam("id") long id) {
        return RobotView.of(robots.get(caller.get(), id));
    }

    @PUT
    @Path("{id: \\d+}")
    @Requires(Permission.ROBOT_UPDATE)
    public Response update(@PathParam("id") long id, RobotView request) {
        if (request == null) throw WharfException.badRequest("a JSON body is required");
        robots.update(caller.get(), id, new RobotService.RobotChange(request.description(), request.duration(),
                request.disable(), request.permissions()));
        return Response.ok().build();
    }

    /** Harbor's refresh: a new secret, generated when none (or an empty one) is given. */
    @PATCH
    @Path("{id: \\d+}")
    @Requires(Permission.ROBOT_UPDATE)
    public RobotSec refresh(@PathParam("id") long id, RobotSec request) {
        return new RobotSec(robots.refreshSecret(caller.get(), id, request == null ? null : request.secret()));
    }

    @DELETE
    @Path("{id: \\d+}")
    @Requires(Permission.ROBOT_DELETE)
    public Response delete(@PathParam("id") long id) {
        robots.delete(caller.get(), id);
        return Response.ok().build();
    }
}
