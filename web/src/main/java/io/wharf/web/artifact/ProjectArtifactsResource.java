package io.wharf.web.artifact;

import io.wharf.common.Page;
import io.wharf.project.Permission;
import io.wharf.sbom.SbomReport;
import io.wharf.sbom.SbomService;
import io.wharf.registry.ArtifactService.ArtifactWithTags;
import io.wharf.registry.RepositoryOperations;
import io.wharf.web.project.PageLinks;
import io.wharf.web.security.BasicSignIn;
import io.wharf.web.security.CallerHolder;
import io.wharf.web.security.Requires;
import io.wharf.web.security.SessionSignIn;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.Map;

/** Harbor's {@code GET /projects/{p}/artifacts}: the artifacts of every repository of a project, newest first. */
@Path("api/v2.0/projects/{project}/artifacts")
@Produces(MediaType.APPLICATION_JSON)
@BasicSignIn
@SessionSignIn
public class ProjectArtifactsResource {
    @Inject RepositoryOperations operations;
    @Inject ArtifactViews views;
    @Inject io.wharf.label.LabelService labels;
    @Inject CallerHolder caller;
    @Inject SbomService sboms;
    @Context UriInfo uri;

    @GET
    @Requires(Permission.ARTIFACT_READ)
    public Response list(@PathParam("project") String project, @QueryParam("with_tag") Boolean withTag,
                         @QueryParam("with_sbom_overview") Boolean withSbomOverview,
                         @QueryParam("page") Integer page, @QueryParam("page_size") Integer pageSize) {
        Page<ArtifactWithTags> result = operations.projectArtifacts(caller.get(), project, page, pageSize);
        var attached = labels.labelsOf(result.items().stream().map(a -> a.artifact().getId()).toList());
        Map<String, SbomReport> sbom = Boolean.TRUE.equals(withSbomOverview)
                ? sboms.overviews(result.items().stream().map(a -> a.artifact().getDigest()).toList()) : Map.of();
        var names = views.repositoryNames(result.items());
        return PageLinks.ok(result.items().stream().map(a -> RepositoryResource.withSbom(views.artifact(uri, a, withTag == null || withTag, null,
                attached.getOrDefault(a.artifact().getId(), List.of()), names), sbom)).toList(), result, uri).build();
    }
}
