package io.wharf.web.robot;

import io.wharf.common.WharfException;
import io.wharf.project.Permission;
import io.wharf.robot.ClaimConditions;
import io.wharf.robot.IssuerBinding;
import io.wharf.robot.TrustedIssuer;
import io.wharf.robot.TrustedIssuerService;
import io.wharf.web.security.BasicSignIn;
import io.wharf.web.security.CallerHolder;
import io.wharf.web.security.Requires;
import io.wharf.web.security.SessionSignIn;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Workload identity (a Wharf extension to Harbor's API): the OIDC issuers whose tokens Wharf
 * trusts, and which robot a token acts as when its claims satisfy a binding's conditions.
 * Administrators only.
 */
@Path("api/v2.0/trusted-issuers")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@BasicSignIn
@SessionSignIn
public class TrustedIssuerResource {
    @Inject TrustedIssuerService issuers;
    @Inject CallerHolder caller;

    public record IssuerRequest(String issuer, String jwksUrl, String publicKeyPem, String audience) {}

    public record IssuerView(Long id, String issuer, String jwksUrl, String publicKeyPem, String audience, Instant creationTime) {
        static IssuerView of(TrustedIssuer i) {
            return new IssuerView(i.getId(), i.getIssuer(), i.getJwksUrl(), i.getPublicKeyPem(), i.getAudience(), i.getCreationTime());
        }
    }

    public record BindingRequest(Long robotId, Map<String, String> conditions) {}

    public record BindingView(Long id, Long robotId, Map<String, String> conditions, Instant creationTime) {
        static BindingView of(IssuerBinding b) {
            return new BindingView(b.getId(), b.getRobotId(), ClaimConditions.fromJson(b.getConditions()), b.getCreationTime());
        }
    }

    @GET
    @Requires(Permission.TRUSTED_ISSUER_MANAGE)
    public List<IssuerView> list() {
        return issuers.list(caller.get()).stream().map(IssuerView::of).toList();
    }

    @POST
    @Requires(Permission.TRUSTED_ISSUER_MANAGE)
    public Response create(IssuerRequest request) {
        if (request == null) throw WharfException.badRequest("a JSON body with issuer, audience and jwks_url or public_key_pem is required");
        TrustedIssuer issuer = issuers.create(caller.get(), new TrustedIssuerService.NewIssuer(request.issuer(),
                request.jwksUrl(), request.publicKeyPem(), request.audience()));
        return Response.created(URI.create("/api/v2.0/trusted-issuers/" + issuer.getId())).entity(IssuerView.of(issuer)).build();
    }

    @DELETE
    @Path("{id: \\d+}")
    @Requires(Permission.TRUSTED_ISSUER_MANAGE)
    public Response delete(@PathParam("id") long id) {
        issuers.delete(caller.get(), id);
        return Response.ok().build();
    }

    @GET
    @Path("{id: \\d+}/bindings")
    @Requires(Permission.TRUSTED_ISSUER_MANAGE)
    public List<BindingView> bindings(@PathParam("id") long id) {
        return issuers.bindings(caller.get(), id).stream().map(BindingView::of).toList();
    }

    @POST
    @Path("{id: \\d+}/bindings")
    @Requires(Permission.TRUSTED_ISSUER_MANAGE)
    public Response bind(@PathParam("id") long id, BindingRequest request) {
        if (request == null) throw WharfException.badRequest("a JSON body with robot_id and conditions is required");
        IssuerBinding binding = issuers.bind(caller.get(), id, request.robotId(), request.conditions());
        return Response.created(URI.create("/api/v2.0/trusted-issuers/" + id + "/bindings/" + binding.getId()))
                .entity(BindingView.of(binding)).build();
    }

    @DELETE
    @Path("{id: \\d+}/bindings/{binding: \\d+}")
    @Requires(Permission.TRUSTED_ISSUER_MANAGE)
    public Response unbind(@PathParam("id") long id, @PathParam("binding") long binding) {
        issuers.unbind(caller.get(), id, binding);
        return Response.ok().build();
    }
}
