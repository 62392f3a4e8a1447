package io.wharf.web.artifact;

import io.wharf.project.Permission;
import io.wharf.web.security.Requires;
import io.wharf.web.security.BasicSignIn;
import io.wharf.web.security.SessionSignIn;
import io.wharf.common.Page;
import io.wharf.registry.Artifact;
import io.wharf.registry.ArtifactService;
import io.wharf.scan.ScanOverview;
import io.wharf.scan.ScanService;
import io.wharf.web.scan.ScanViews;
import io.wharf.registry.ArtifactService.ArtifactWithTags;
import io.wharf.registry.RepositoryRecord;
import io.wharf.registry.Tag;
import io.wharf.web.project.PageLinks;
import io.wharf.web.security.CallerHolder;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Harbor v2.0 repositories and artifacts of a project. A repository name with a slash comes
 * URL-encoded twice ({@code tools%252Fgcc}), as Harbor's clients send it.
 */
@Path("api/v2.0/projects/{project}/repositories")
@Produces(MediaType.APPLICATION_JSON)
@BasicSignIn
@SessionSignIn
public class RepositoryResource {
    @Inject ArtifactService artifacts;
    @Inject CallerHolder caller;
    @Inject ScanService scans;
    @Inject io.wharf.scan.VulnDbFreshness freshness;
    @Context UriInfo uri;

    public record RepositoryView(Long id, Long projectId, String name, long artifactCount, long pullCount,
                                 Instant creationTime, Instant updateTime) {}

    public record TagView(Long id, Long repositoryId, Long artifactId, String name, Instant pushTime,
                          Instant pullTime, boolean immutable) {}

    public record ArtifactView(Long id, String type, Long projectId, Long repositoryId, String digest, String mediaType,
                               String manifestMediaType, long size, Instant pushTime, Instant pullTime,
                               List<TagView> tags, List<String> layers, String configDigest,
                               Map<String, ScanViews.OverviewView> scanOverview) {}

    @GET
    @Requires(Permission.REPOSITORY_READ)
    public Response list(@PathParam("project") String project, @QueryParam("q") String q,
                         @QueryParam("page") Integer page, @QueryParam("page_size") Integer pageSize) {
        Page<RepositoryRecord> result = artifacts.repositories(caller.get(), project, nameFilter(q), page, pageSize);
        return PageLinks.ok(result.items().stream().map(this::view).toList(), result, uri).build();
    }

    @GET
    @Path("{repository}")
    @Requires(Permission.REPOSITORY_READ)
    public RepositoryView get(@PathParam("project") String project, @PathParam("repository") String repository) {
        return view(artifacts.repository(caller.get(), project, decode(repository)));
    }

    @GET
    @Path("{repository}/artifacts")
    @Requires(Permission.ARTIFACT_READ)
    public Response artifacts(@PathParam("project") String project, @PathParam("repository") String repository,
                              @QueryParam("with_tag") Boolean withTag, @QueryParam("with_scan_overview") Boolean withScanOverview,
                              @QueryParam("page") Integer page, @QueryParam("page_size") Integer pageSize) {
        Page<ArtifactWithTags> result = artifacts.artifacts(caller.get(), project, decode(repository), page, pageSize);
        boolean tags = withTag == null || withTag;
        Map<String, ScanOverview> overviews = Boolean.TRUE.equals(withScanOverview)
                ? scans.overviews(result.items().stream().map(a -> a.artifact().getDigest()).toList()) : Map.of();
        return PageLinks.ok(result.items().stream().map(a -> view(a, tags, overviews.get(a.artifact().getDigest()))).toList(),
                result, uri).build();
    }

    @GET
    @Path("{repository}/artifacts/{reference}")
    @Requires(Permission.ARTIFACT_READ)
    public ArtifactView artifact(@PathParam("project") String project, @PathParam("repository") String repository,
                                 @PathParam("reference") String reference,
                                 @QueryParam("with_scan_overview") Boolean withScanOverview) {
        ArtifactWithTags a = artifacts.artifact(caller.get(), project, decode(repository), reference);
        ScanOverview overview = Boolean.TRUE.equals(withScanOverview)
                ? scans.overviews(List.of(a.artifact().getDigest())).get(a.artifact().getDigest()) : null;
        return view(a, true, overview);
    }

    /** Harbor's tag list of one artifact, as a CI script reads it right after a push. */
    @GET
    @Path("{repository}/artifacts/{reference}/tags")
    @Requires(Permission.ARTIFACT_READ)
    public List<TagView> tags(@PathParam("project") String project, @PathParam("repository") String repository,
                              @PathParam("reference") String reference) {
        return artifacts.artifact(caller.get(), project, decode(repository), reference).tags().stream()
                .map(RepositoryResource::view).toList();
    }

    @DELETE
    @Path("{repository}/artifacts/{reference}")
    @Requires(Permission.ARTIFACT_DELETE)
    public Response delete(@PathParam("project") String project, @PathParam("repository") String repository,
                           @PathParam("reference") String reference) {
        artifacts.delete(caller.get(), project, decode(repository), reference);
        return Response.ok().build();
    }

    /** Harbor's {@code q=name=~fragment} filter, or a plain fragment. */
    private static String nameFilter(String q) {
        if (q == null) return null;
        String v = q.startsWith("name=~") ? q.substring(6) : q.startsWith("name=") ? q.substring(5) : q;
        return v.isBlank() ? null : v;
    }

    /** A repository name as Harbor's clients send it in a path: {@code tools%252Fgcc} arrives as {@code tools%2Fgcc}. */
    public static String decode(String repository) {
        return URLDecoder.decode(repository, StandardCharsets.UTF_8);
    }

    private RepositoryView view(RepositoryRecord r) {
        return new RepositoryView(r.getId(), r.getProjectId(), r.getName(), artifacts.artifactCount(r), r.getPullCount(),
                r.getCreationTime(), r.getUpdateTime());
    }

    private ArtifactView view(ArtifactWithTags a, boolean withTags, ScanOverview overview) {
        Artifact x = a.artifact();
        List<TagView> tags = withTags ? a.tags().stream().map(RepositoryResource::view).toList() : null;
        return new ArtifactView(x.getId(), "IMAGE", x.getProjectId(), x.getRepositoryId(), x.getDigest(), x.getMediaType(),
                x.getManifestMediaType(), x.getSize(), x.getPushTime(), x.getPullTime(), tags, x.getLayerDigests(),
                x.getConfigDigest(), overview == null ? null : ScanViews.overview(overview, freshness.forReport(overview.getDataUpdatedAt())));
    }

    private static TagView view(Tag t) {
        return new TagView(t.getId(), t.getRepositoryId(), t.getArtifactId(), t.getName(), t.getPushTime(), t.getPullTime(), false);
    }
}
