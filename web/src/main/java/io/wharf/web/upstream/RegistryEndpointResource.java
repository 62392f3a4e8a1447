package io.wharf.web.upstream;

import io.wharf.common.Page;
import io.wharf.project.Permission;
import io.wharf.upstream.RegistryEndpoint;
import io.wharf.upstream.RegistryEndpointService;
import io.wharf.upstream.RegistryEndpointService.EndpointRequest;
import io.wharf.upstream.RegistryEndpointService.EndpointUpdate;
import io.wharf.upstream.RegistryEndpointService.PingRequest;
import io.wharf.upstream.RegistryType;
import io.wharf.web.project.PageLinks;
import io.wharf.web.security.BasicSignIn;
import io.wharf.web.security.CallerHolder;
import io.wharf.web.security.Requires;
import io.wharf.web.security.SessionSignIn;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
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
import java.net.URI;
import java.time.Instant;
import java.util.List;

/**
 * Harbor v2.0 registry endpoints: {@code GET|POST /registries}, {@code GET|PUT|DELETE /registries/{id}},
 * {@code POST /registries/ping}, {@code GET /registries/{id}/info}. Administrators only; a stored
 * secret is answered as {@code *****}, never in clear.
 */
@Path("api/v2.0/registries")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@BasicSignIn
@SessionSignIn
public class RegistryEndpointResource {
    static final String HIDDEN = "*****";

    @Inject RegistryEndpointService endpoints;
    @Inject CallerHolder caller;
    @Context UriInfo uri;

    public record CredentialView(String type, String accessKey, String accessSecret) {}

    public record RegistryView(long id, String name, String url, String type, String description, boolean insecure,
                               String status, CredentialView credential, Instant creationTime, Instant updateTime) {}

    public record FilterStyle(String type, String style, List<String> values) {}

    public record RegistryInfo(String type, String description, List<FilterStyle> supportedResourceFilters,
                               List<String> supportedTriggers, boolean supportedCopyByChunk) {}

    static RegistryView view(RegistryEndpoint e) {
        CredentialView credential = e.getAccessKey() == null ? null
                : new CredentialView(e.getCredentialType(), e.getAccessKey(), e.hasSecret() ? HIDDEN : "");
        return new RegistryView(e.getId(), e.getName(), e.getUrl(), e.getType(),
                e.getDescription() == null ? "" : e.getDescription(), e.isInsecure(),
                e.getStatus() == null ? "unknown" : e.getStatus(), credential, e.getCreationTime(), e.getUpdateTime());
    }

    @POST
    @Requires(Permission.REGISTRY_MANAGE)
    public Response create(EndpointRequest request) {
        RegistryEndpoint e = endpoints.create(caller.get(), request);
        return Response.created(URI.create("/api/v2.0/registries/" + e.getId())).build();
    }

    @GET
    @Requires(Permission.REGISTRY_MANAGE)
    public Response list(@QueryParam("name") String name, @QueryParam("q") String q,
                         @QueryParam("page") Integer page, @QueryParam("page_size") Integer pageSize) {
        String fragment = io.wharf.common.HarborQuery.nameFilter(name, q);
        Page<RegistryEndpoint> result = endpoints.list(fragment, page, pageSize);
        return PageLinks.ok(result.items().stream().map(RegistryEndpointResource::view).toList(), result, uri).build();
    }

    @GET
    @Path("{id: \\d+}")
    @Requires(Permission.REGISTRY_MANAGE)
    public RegistryView get(@PathParam("id") long id) {
        return view(endpoints.get(id));
    }

    @PUT
    @Path("{id: \\d+}")
    @Requires(Permission.REGISTRY_MANAGE)
    public Response update(@PathParam("id") long id, EndpointUpdate update) {
        endpoints.update(caller.get(), id, update);
        return Response.ok().build();
    }

    @DELETE
    @Path("{id: \\d+}")
    @Requires(Permission.REGISTRY_MANAGE)
    public Response delete(@PathParam("id") long id) {
        endpoints.delete(caller.get(), id);
        return Response.ok().build();
    }

    @POST
    @Path("ping")
    @Requires(Permission.REGISTRY_MANAGE)
    public Response ping(PingRequest request) {
        endpoints.ping(request);
        return Response.ok().build();
    }

    @GET
    @Path("{id: \\d+}/info")
    @Requires(Permission.REGISTRY_MANAGE)
    public RegistryInfo info(@PathParam("id") long id) {
        RegistryEndpoint e = endpoints.get(id);
        String description = RegistryType.of(e.getType()).map(RegistryType::description).orElse(e.getType());
        return new RegistryInfo(e.getType(), description,
                List.of(new FilterStyle("name", "input", List.of()), new FilterStyle("tag", "input", List.of())),
                List.of("manual", "scheduled", "event_based"), false);
    }
}
