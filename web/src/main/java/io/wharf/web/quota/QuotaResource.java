package io.wharf.web.quota;

import io.wharf.common.WharfException;
import io.wharf.project.Permission;
import io.wharf.quota.QuotaService;
import io.wharf.web.security.BasicSignIn;
import io.wharf.web.security.CallerHolder;
import io.wharf.web.security.Requires;
import io.wharf.web.security.SessionSignIn;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;

/** {@code /api/v2.0/quotas}: each project's storage limit ({@code hard.storage}, -1 unlimited) and usage ({@code used.storage}). */
@Path("api/v2.0/quotas")
@Produces(MediaType.APPLICATION_JSON)
@BasicSignIn
@SessionSignIn
public class QuotaResource {
    @Inject QuotaService quotas;
    @Inject CallerHolder caller;

    public record Ref(long id, String name) {}

    public record Storage(long storage) {}

    /** Harbor's {@code Quota}. */
    public record QuotaView(long id, Ref ref, Storage hard, Storage used, Instant creationTime, Instant updateTime) {
        static QuotaView of(QuotaService.View v) {
            return new QuotaView(v.id(), new Ref(v.projectId(), v.projectName()), new Storage(v.limit()), new Storage(v.used()),
                    v.creationTime(), v.updateTime());
        }
    }

    public record StorageLimit(Long storage) {}

    /** Harbor's {@code QuotaUpdateReq}. */
    public record QuotaUpdate(StorageLimit hard) {}

    @GET
    @Requires(Permission.QUOTA_MANAGE)
    public Response list(@QueryParam("reference") String reference, @QueryParam("reference_id") String referenceId) {
        if (reference != null && !reference.equals("project")) throw WharfException.badRequest("reference must be project");
        Long id = null;
        if (referenceId != null) {
            try {
                id = Long.parseLong(referenceId);
            } catch (NumberFormatException e) {
                throw WharfException.badRequest("reference_id must be a project id");
            }
        }
        List<QuotaView> items = quotas.list(caller.get(), id).stream().map(QuotaView::of).toList();
        return Response.ok(items).header("X-Total-Count", items.size()).build();
    }

    @GET
    @Path("{id}")
    @Requires(Permission.QUOTA_MANAGE)
    public QuotaView get(@PathParam("id") String id) { return QuotaView.of(quotas.get(caller.get(), parseId(id))); }

    @PUT
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Requires(Permission.QUOTA_MANAGE)
    public Response update(@PathParam("id") String id, QuotaUpdate request) {
        if (request == null || request.hard() == null) throw WharfException.badRequest("a body {\"hard\":{\"storage\":N}} is required");
        quotas.setLimit(caller.get(), parseId(id), request.hard().storage());
        return Response.ok().build();
    }

    private static long parseId(String id) {
        try {
            return Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw WharfException.notFound("quota " + id + " not found");
        }
    }
}
