package io.wharf.web.artifact;

import io.wharf.audit.AuditLogEntry;
import io.wharf.common.Page;
import io.wharf.project.Permission;
import io.wharf.registry.ArtifactService;
import io.wharf.web.project.PageLinks;
import io.wharf.web.security.BasicSignIn;
import io.wharf.web.security.CallerHolder;
import io.wharf.web.security.Requires;
import io.wharf.web.security.SessionSignIn;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Harbor's extended audit log ({@code /auditlog-exts}): the same entries as {@code /audit-logs},
 * with a description and a result, and the event types they fall into. Administrators only.
 */
@Path("api/v2.0/auditlog-exts")
@Produces(MediaType.APPLICATION_JSON)
@BasicSignIn
@SessionSignIn
public class AuditLogExtResource {
    /** Wharf's audit operations as Harbor's event types name them. */
    static final Map<String, String> EVENT_TYPES = Map.of("push", "create_artifact", "pull", "pull_artifact",
            "delete", "delete_artifact", "severity_rose", "scan_artifact");

    @Inject ArtifactService artifacts;
    @Inject CallerHolder caller;
    @Context UriInfo uri;

    public record LogExtView(Long id, String username, String resource, String resourceType, String operation,
                             String operationDescription, boolean operationResult, Instant opTime) {}

    public record EventTypeView(String eventType) {}

    @GET
    @Requires(Permission.AUDIT_LOG_LIST)
    public Response all(@QueryParam("q") String q, @QueryParam("page") Integer page, @QueryParam("page_size") Integer pageSize) {
        return answer(uri, artifacts.auditLog(caller.get(), null, AuditLogResource.operation(null, q), page, pageSize));
    }

    @GET
    @Path("events")
    @Requires(Permission.AUDIT_LOG_LIST)
    public List<EventTypeView> eventTypes() {
        artifacts.auditLog(caller.get(), null, null, 1, 1);
        return EVENT_TYPES.values().stream().sorted().map(EventTypeView::new).toList();
    }

    static Response answer(UriInfo uri, Page<AuditLogEntry> result) {
        return PageLinks.ok(result.items().stream().map(e -> new LogExtView(e.getId(), e.getUsername(), e.getResource(),
                e.getResourceType(), e.getOperation(), e.getOperation() + " " + e.getResourceType() + " " + e.getResource(), true,
                e.getOpTime())).toList(), result, uri).build();
    }
}
