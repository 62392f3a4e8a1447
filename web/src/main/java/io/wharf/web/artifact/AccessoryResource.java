package io.wharf.web.artifact;

import io.wharf.project.Permission;
import io.wharf.registry.Accessories;
import io.wharf.registry.Artifact;
import io.wharf.registry.ArtifactService;
import io.wharf.web.security.BasicSignIn;
import io.wharf.web.security.CallerHolder;
import io.wharf.web.security.Requires;
import io.wharf.web.security.SessionSignIn;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;

/**
 * Harbor v2.0's accessories of an artifact (cosign and notation signatures, SBOMs, attestations,
 * any OCI 1.1 referrer), read from Wharf's records with the same access as the artifact itself.
 */
@Path("api/v2.0/projects/{project}/repositories/{repository}/artifacts/{reference}/accessories")
@Produces(MediaType.APPLICATION_JSON)
@BasicSignIn
@SessionSignIn
public class AccessoryResource {
    @Inject ArtifactService artifacts;
    @Inject CallerHolder caller;

    /** Harbor's {@code Accessory}. */
    public record AccessoryView(Long id, Long artifactId, Long subjectArtifactId, String subjectArtifactDigest,
                                String subjectArtifactRepo, long size, String digest, String type, String icon,
                                Instant creationTime) {}

    @GET
    @Requires(Permission.ARTIFACT_READ)
    public Response list(@PathParam("project") String project, @PathParam("repository") String repository,
                         @PathParam("reference") String reference) {
        String name = RepositoryResource.decode(repository);
        Artifact subject = artifacts.artifact(caller.get(), project, name, reference).artifact();
        List<AccessoryView> views = artifacts.accessories(caller.get(), project, name, reference).stream()
                .map(a -> view(a, subject, project + "/" + name)).toList();
        return Response.ok(views).header("X-Total-Count", views.size()).build();
    }

    private static AccessoryView view(Accessories.Accessory accessory, Artifact subject, String repository) {
        Artifact a = accessory.artifact();
        return new AccessoryView(a.getId(), a.getId(), subject.getId(), subject.getDigest(), repository, a.getSize(),
                a.getDigest(), accessory.type(), "", a.getPushTime());
    }
}
