package io.wharf.web.artifact;

import io.wharf.common.Page;
import io.wharf.project.Permission;
import io.wharf.registry.Artifact;
import io.wharf.registry.ArtifactService;
import io.wharf.sbom.SbomReport;
import io.wharf.sbom.SbomService;
import io.wharf.scan.ScanOverview;
import io.wharf.scan.ScanService;
import io.wharf.web.scan.ScanViews;
import io.wharf.registry.ArtifactService.ArtifactWithTags;
import io.wharf.registry.RepositoryRecord;
import io.wharf.registry.Tag;
import io.wharf.web.project.PageLinks;
import io.wharf.web.security.BasicSignIn;
import io.wharf.web.security.CallerHolder;
import io.wharf.common.HarborQuery;
import io.wharf.common.WharfException;
import io.wharf.label.Label;
import io.wharf.label.LabelService;
import io.wharf.registry.RepositoryOperations;
import io.wharf.web.label.LabelResource;
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
    @Inject SbomService sboms;
    @Inject io.wharf.scan.VulnDbFreshness freshness;
    @Inject RepositoryOperations operations;
    @Inject ArtifactViews views;
    @Inject LabelService labels;
    @Context UriInfo uri;

    public record RepositoryView(Long id, Long projectId, String name, String description, long artifactCount, long pullCount,
                                 Instant creationTime, Instant updateTime) {}

    public record RepositoryRequest(String description) {}

    public record TagRequest(String name) {}

    public record LabelRef(Long id) {}

    public record AdditionLink(String href, boolean absolute) {}

    public record TagView(Long id, Long repositoryId, Long artifactId, String name, Instant pushTime,
                          Instant pullTime, boolean immutable) {}

    /**
     * Harbor's artifact. {@code extra_attrs}, {@code annotations} and {@code references} are not
     * recorded yet and answer empty; {@code accessories} is filled by the referrers support.
     */
    public record ArtifactView(Long id, String type, Long projectId, Long repositoryId, String repositoryName, String digest,
                               String mediaType, String manifestMediaType, String artifactType, long size, String icon,
                               Instant pushTime, Instant pullTime, Map<String, Object> extraAttrs, Map<String, String> annotations,
                               List<Object> references, List<TagView> tags, Map<String, AdditionLink> additionLinks,
                               List<LabelResource.LabelView> labels, List<Object> accessories, List<String> layers,
                               String configDigest, Map<String, ScanViews.OverviewView> scanOverview,
                               io.wharf.web.scan.SbomViews.OverviewView sbomOverview) {
        /** This artifact with Harbor's {@code sbom_overview} (with_sbom_overview=true). */
        public ArtifactView withSbomOverview(io.wharf.web.scan.SbomViews.OverviewView overview) {
            // As Harbor: an artifact with a generated SBOM links to it among its additions.
            Map<String, AdditionLink> links = additionLinks;
            AdditionLink vulnerabilities = additionLinks == null ? null : additionLinks.get("vulnerabilities");
            if (overview != null && overview.sbomDigest() != null && vulnerabilities != null) {
                links = new java.util.LinkedHashMap<>(additionLinks);
                links.put("sbom", new AdditionLink(vulnerabilities.href().replaceFirst("vulnerabilities$", "sbom"), false));
            }
            return new ArtifactView(id, type, projectId, repositoryId, repositoryName, digest, mediaType, manifestMediaType, artifactType,
                    size, icon, pushTime, pullTime, extraAttrs, annotations, references, tags, links, labels, accessories, layers,
                    configDigest, scanOverview, overview);
        }
    }

    @GET
    @Requires(Permission.REPOSITORY_READ)
    public Response list(@PathParam("project") String project, @QueryParam("q") String q, @QueryParam("sort") String sort,
                         @QueryParam("page") Integer page, @QueryParam("page_size") Integer pageSize) {
        Page<RepositoryRecord> result = operations.repositories(caller.get(), project, repositoryQuery(q, sort), page, pageSize);
        return PageLinks.ok(views.repositories(result.items()), result, uri).build();
    }

    @PUT
    @Path("{repository}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Requires(Permission.REPOSITORY_UPDATE)
    public Response update(@PathParam("project") String project, @PathParam("repository") String repository,
                           RepositoryRequest request) {
        if (request == null) throw WharfException.badRequest("a JSON body with description is required");
        operations.describe(caller.get(), project, decode(repository), request.description());
        return Response.ok().build();
    }

    /** Deletes every artifact of the repository through the registry, then the repository. */
    @DELETE
    @Path("{repository}")
    @Requires(Permission.REPOSITORY_DELETE)
    public Response deleteRepository(@PathParam("project") String project, @PathParam("repository") String repository) {
        operations.deleteRepository(caller.get(), project, decode(repository));
        return Response.ok().build();
    }

    /** Copies an artifact from another repository ({@code from=project/repository:tag} or {@code @digest}). */
    @POST
    @Path("{repository}/artifacts")
    @Requires(Permission.REPOSITORY_PUSH)
    public Response copy(@PathParam("project") String project, @PathParam("repository") String repository,
                         @QueryParam("from") String from) {
        String digest = operations.copy(caller.get(), project, decode(repository), from);
        return Response.created(uri.getAbsolutePathBuilder().path(digest).build()).build();
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
                              @QueryParam("with_label") Boolean withLabel, @QueryParam("with_sbom_overview") Boolean withSbomOverview,
                              @QueryParam("q") String q, @QueryParam("sort") String sort,
                              @QueryParam("page") Integer page, @QueryParam("page_size") Integer pageSize) {
        String name = decode(repository);
        Page<ArtifactWithTags> result;
        if ((q == null || q.isBlank()) && (sort == null || sort.isBlank())) {
            result = artifacts.artifacts(caller.get(), project, name, page, pageSize);
        } else if (io.wharf.registry.ArtifactFilter.supports(query(q, sort))) {
            result = operations.artifactsPage(caller.get(), project, name, query(q, sort), page, pageSize);
        } else {
            // type is Harbor's artifact type, computed from media types: filtered here, a repository's artifacts at most.
            HarborQuery query = query(q, sort);
            List<ArtifactWithTags> all = operations.artifactsMatching(caller.get(), project, name, query);
            var wanted = query.term("labels");
            if (wanted.isPresent()) {
                Map<Long, List<Label>> attached = labels.labelsOf(all.stream().map(a -> a.artifact().getId()).toList());
                List<String> ids = wanted.get().values();
                all = all.stream().filter(a -> attached.getOrDefault(a.artifact().getId(), List.of()).stream()
                        .map(l -> l.getId().toString()).toList().containsAll(ids)).toList();
            }
            int[] n = Page.normalize(page, pageSize);
            int from = Math.min(all.size(), (n[0] - 1) * n[1]);
            result = new Page<>(all.subList(from, Math.min(all.size(), from + n[1])), all.size(), n[0], n[1]);
        }
        boolean tags = withTag == null || withTag;
        Map<String, ScanOverview> overviews = Boolean.TRUE.equals(withScanOverview)
                ? scans.overviews(result.items().stream().map(a -> a.artifact().getDigest()).toList()) : Map.of();
        Map<Long, List<Label>> attached = labels.labelsOf(result.items().stream().map(a -> a.artifact().getId()).toList());
        Map<String, SbomReport> sbom = Boolean.TRUE.equals(withSbomOverview)
                ? sboms.overviews(result.items().stream().map(a -> a.artifact().getDigest()).toList()) : Map.of();
        Map<Long, String> names = views.repositoryNames(result.items());
        return PageLinks.ok(result.items().stream().map(a -> withSbom(views.artifact(uri, a, tags, overviews.get(a.artifact().getDigest()),
                        attached.getOrDefault(a.artifact().getId(), List.of()), names), sbom)).toList(), result, uri).build();
    }

    private static HarborQuery query(String q, String sort) {
        return HarborQuery.parse(q, sort, RepositoryOperations.ARTIFACT_KEYS, RepositoryOperations.ARTIFACT_SORT);
    }

    @GET
    @Path("{repository}/artifacts/{reference}")
    @Requires(Permission.ARTIFACT_READ)
    public ArtifactView artifact(@PathParam("project") String project, @PathParam("repository") String repository,
                                 @PathParam("reference") String reference,
                                 @QueryParam("with_scan_overview") Boolean withScanOverview,
                                 @QueryParam("with_sbom_overview") Boolean withSbomOverview) {
        ArtifactWithTags a = artifacts.artifact(caller.get(), project, decode(repository), reference);
        ScanOverview overview = Boolean.TRUE.equals(withScanOverview)
                ? scans.overviews(List.of(a.artifact().getDigest())).get(a.artifact().getDigest()) : null;
        Map<String, SbomReport> sbom = Boolean.TRUE.equals(withSbomOverview) ? sboms.overviews(List.of(a.artifact().getDigest())) : Map.of();
        return withSbom(view(a, true, overview, labels.labelsOf(List.of(a.artifact().getId())).getOrDefault(a.artifact().getId(), List.of())), sbom);
    }

    static ArtifactView withSbom(ArtifactView view, Map<String, SbomReport> sbom) {
        SbomReport r = sbom.get(view.digest());
        return r == null ? view : view.withSbomOverview(io.wharf.web.scan.SbomViews.overview(r));
    }

    /** Adds a tag to the artifact (Harbor's {@code createTag}): the registry gets the manifest under the new tag. */
    @POST
    @Path("{repository}/artifacts/{reference}/tags")
    @Consumes(MediaType.APPLICATION_JSON)
    @Requires(Permission.TAG_CREATE)
    public Response createTag(@PathParam("project") String project, @PathParam("repository") String repository,
                              @PathParam("reference") String reference, TagRequest request) {
        if (request == null || request.name() == null) throw WharfException.badRequest("a JSON body with the tag's name is required");
        operations.createTag(caller.get(), project, decode(repository), reference, request.name());
        return Response.created(uri.getAbsolutePathBuilder().path(request.name()).build()).build();
    }

    @DELETE
    @Path("{repository}/artifacts/{reference}/tags/{tag}")
    @Requires(Permission.TAG_DELETE)
    public Response deleteTag(@PathParam("project") String project, @PathParam("repository") String repository,
                              @PathParam("reference") String reference, @PathParam("tag") String tag) {
        operations.deleteTag(caller.get(), project, decode(repository), reference, tag);
        return Response.ok().build();
    }

    /**
     * Harbor's additions other than vulnerabilities: {@code build_history} from the image config;
     * {@code readme.md}, {@code values.yaml} and {@code dependencies} belong to Helm charts, which
     * an image does not have (404, as Harbor answers).
     */
    @GET
    @Path("{repository}/artifacts/{reference}/additions/{addition}")
    @Requires(Permission.ARTIFACT_READ)
    public Response addition(@PathParam("project") String project, @PathParam("repository") String repository,
                             @PathParam("reference") String reference, @PathParam("addition") String addition) {
        String name = decode(repository);
        if (addition.equals("sbom")) {
            // Harbor's SBOM addition: the document itself, read as the scan reports are (SCAN_READ).
            return Response.ok(sboms.document(caller.get(), project, name, reference), "application/vnd.cyclonedx+json").build();
        }
        if (addition.equals("build_history")) {
            return Response.ok(operations.buildHistory(caller.get(), project, name, reference), MediaType.APPLICATION_JSON).build();
        }
        artifacts.artifact(caller.get(), project, name, reference);
        if (List.of("readme.md", "values.yaml", "dependencies").contains(addition)) {
            throw WharfException.notFound("artifact " + reference + " has no " + addition + " (only Helm charts have one)");
        }
        throw WharfException.notFound("unknown addition " + addition);
    }

    /** Attaches a label ({@code {"id": n}}) to the artifact. */
    @POST
    @Path("{repository}/artifacts/{reference}/labels")
    @Consumes(MediaType.APPLICATION_JSON)
    @Requires(Permission.ARTIFACT_LABEL_CREATE)
    public Response addLabel(@PathParam("project") String project, @PathParam("repository") String repository,
                             @PathParam("reference") String reference, LabelRef label) {
        if (label == null || label.id() == null) throw WharfException.badRequest("a JSON body with the label's id is required");
        labels.attach(caller.get(), project, decode(repository), reference, label.id());
        return Response.ok().build();
    }

    @DELETE
    @Path("{repository}/artifacts/{reference}/labels/{label: \\d+}")
    @Requires(Permission.ARTIFACT_LABEL_DELETE)
    public Response removeLabel(@PathParam("project") String project, @PathParam("repository") String repository,
                                @PathParam("reference") String reference, @PathParam("label") long label) {
        labels.detach(caller.get(), project, decode(repository), reference, label);
        return Response.ok().build();
    }

    /** Harbor's tag list of one artifact, as a CI script reads it right after a push. */
    @GET
    @Path("{repository}/artifacts/{reference}/tags")
    @Requires(Permission.ARTIFACT_READ)
    public Response tags(@PathParam("project") String project, @PathParam("repository") String repository,
                         @PathParam("reference") String reference, @QueryParam("page") Integer page,
                         @QueryParam("page_size") Integer pageSize) {
        String name = decode(repository);
        ArtifactWithTags a = artifacts.artifact(caller.get(), project, name, reference);
        List<TagView> all = views.tags(a.artifact().getProjectId(), name, a.tags());
        // Every tag unless a page is asked for (scripts read them all right after a push); always the total, as Harbor.
        if (page == null && pageSize == null) return Response.ok(all).header("X-Total-Count", all.size()).build();
        int[] n = Page.normalize(page, pageSize);
        int from = Math.min(all.size(), (n[0] - 1) * n[1]);
        Page<TagView> result = new Page<>(all.subList(from, Math.min(all.size(), from + n[1])), all.size(), n[0], n[1]);
        return PageLinks.ok(result.items(), result, uri).build();
    }

    @DELETE
    @Path("{repository}/artifacts/{reference}")
    @Requires(Permission.ARTIFACT_DELETE)
    public Response delete(@PathParam("project") String project, @PathParam("repository") String repository,
                           @PathParam("reference") String reference) {
        artifacts.delete(caller.get(), project, decode(repository), reference);
        return Response.ok().build();
    }

    /** Harbor's {@code q=name=~fragment} (or, as Wharf took it first, a plain fragment) and {@code sort}. */
    public static HarborQuery repositoryQuery(String q, String sort) {
        String query = q != null && !q.isBlank() && !q.contains("=") ? "name=~" + q : q;
        return HarborQuery.parse(query, sort, RepositoryOperations.REPOSITORY_KEYS, RepositoryOperations.REPOSITORY_SORT);
    }

    /** A repository name as Harbor's clients send it in a path: {@code tools%252Fgcc} arrives as {@code tools%2Fgcc}. */
    public static String decode(String repository) {
        return URLDecoder.decode(repository, StandardCharsets.UTF_8);
    }

    public RepositoryView view(RepositoryRecord r) { return views.repository(r); }

    public ArtifactView view(ArtifactWithTags a, boolean withTags, ScanOverview overview, List<Label> attached) {
        return views.artifact(uri, a, withTags, overview, attached);
    }

    static TagView view(Tag t, boolean immutable) {
        return new TagView(t.getId(), t.getRepositoryId(), t.getArtifactId(), t.getName(), t.getPushTime(), t.getPullTime(), immutable);
    }
}
