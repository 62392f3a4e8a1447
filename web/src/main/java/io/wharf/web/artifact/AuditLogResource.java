package io.wharf.web.artifact;

import io.wharf.project.Permission;
import io.wharf.web.security.Requires;
import io.wharf.web.security.BasicSignIn;
import io.wharf.web.security.SessionSignIn;
import io.wharf.audit.AuditLogEntry;
import io.wharf.common.Page;
import io.wharf.registry.ArtifactService;
import io.wharf.web.project.PageLinks;
import io.wharf.web.security.CallerHolder;
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

/** Harbor v2.0 audit log of everything, for administrators. */
@Path("api/v2.0/audit-logs")
@Produces(MediaType.APPLICATION_JSON)
@BasicSignIn
@SessionSignIn
public class AuditLogResource {
    @Inject ArtifactService artifacts;
    @Inject CallerHolder caller;
    @Context UriInfo uri;

    public record LogView(Long id, String username, String resource, String resourceType, String operation, Instant opTime) {}

    @GET
    @Requires(Permission.AUDIT_LOG_LIST)
    public Response all(@QueryParam("operation") String operation, @QueryParam("q") String q, @QueryParam("page") Integer page,
                        @QueryParam("page_size") Integer pageSize) {
        return answer(uri, artifacts.auditLog(caller.get(), null, operation(operation, q), page, pageSize));
    }

    /** Harbor's {@code q=operation=push} (other keys are accepted and not applied yet), or the plain parameter. */
    static String operation(String operation, String q) {
        if (q == null || q.isBlank()) return operation;
        io.wharf.common.HarborQuery query = io.wharf.common.HarborQuery.parse(q, null,
                java.util.Set.of("operation", "resource", "resource_type", "username", "op_time"), java.util.Set.of());
        return query.term("operation").map(io.wharf.common.HarborQuery.Term::value).orElse(operation);
    }

    static Response answer(UriInfo uri, Page<AuditLogEntry> result) {
        return PageLinks.ok(result.items().stream().map(e -> new LogView(e.getId(), e.getUsername(), e.getResource(),
                e.getResourceType(), e.getOperation(), e.getOpTime())).toList(), result, uri).build();
    }
}
