package io.wharf.web.artifact;

import io.wharf.label.Label;
import io.wharf.registry.Artifact;
import io.wharf.registry.ArtifactService;
import io.wharf.registry.ArtifactService.ArtifactWithTags;
import io.wharf.registry.RepositoryOperations;
import io.wharf.registry.RepositoryRecord;
import io.wharf.scan.ScanOverview;
import io.wharf.web.label.LabelResource;
import io.wharf.web.scan.ScanViews;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.UriInfo;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** Repositories and artifacts in Harbor's answer shapes, for every listing that returns them. */
@ApplicationScoped
public class ArtifactViews {
    @Inject ArtifactService artifacts;
    @Inject io.wharf.scan.VulnDbFreshness freshness;
    @Inject io.wharf.tagrules.ImmutableTags immutableTags;

    public RepositoryResource.RepositoryView repository(RepositoryRecord r) {
        return new RepositoryResource.RepositoryView(r.getId(), r.getProjectId(), r.getName(), r.getDescription(), artifacts.artifactCount(r),
                r.getPullCount(), r.getCreationTime(), r.getUpdateTime());
    }

    /** A page of repositories, their artifact counts read in one query. */
    public List<RepositoryResource.RepositoryView> repositories(List<RepositoryRecord> page) {
        Map<Long, Long> counts = artifacts.artifactCounts(page.stream().map(RepositoryRecord::getId).toList());
        return page.stream().map(r -> new RepositoryResource.RepositoryView(r.getId(), r.getProjectId(), r.getName(), r.getDescription(),
                counts.getOrDefault(r.getId(), 0L), r.getPullCount(), r.getCreationTime(), r.getUpdateTime())).toList();
    }

    /** Repository names of a page of artifacts, in one query, for {@link #artifact(UriInfo, ArtifactWithTags, boolean, ScanOverview, List, Map)}. */
    public Map<Long, String> repositoryNames(List<ArtifactWithTags> page) {
        return artifacts.repositoryNames(page.stream().map(a -> a.artifact().getRepositoryId()).toList());
    }

    public RepositoryResource.ArtifactView artifact(UriInfo uri, ArtifactWithTags a, boolean withTags, ScanOverview overview, List<Label> attached) {
        return artifact(uri, a, withTags, overview, attached, Map.of(a.artifact().getRepositoryId(),
                artifacts.repositoryName(a.artifact().getRepositoryId()).orElse("")));
    }

    /** An artifact of a listing's page, its repository's name taken from {@code names} (see {@link #repositoryNames}). */
    public RepositoryResource.ArtifactView artifact(UriInfo uri, ArtifactWithTags a, boolean withTags, ScanOverview overview, List<Label> attached,
                                                    Map<Long, String> names) {
        Artifact x = a.artifact();
        String self = uri.getBaseUri().getRawPath().replaceAll("/$", "");
        String full = names.getOrDefault(x.getRepositoryId(), "");
        String repositoryName = full;
        String project = full.contains("/") ? full.substring(0, full.indexOf('/')) : full;
        String repo = full.contains("/") ? full.substring(full.indexOf('/') + 1) : full;
        List<RepositoryResource.TagView> tags = withTags ? tags(x.getProjectId(), repo, a.tags()) : null;
        String base = self + "/api/v2.0/projects/" + project + "/repositories/"
                + java.net.URLEncoder.encode(java.net.URLEncoder.encode(repo, StandardCharsets.UTF_8), StandardCharsets.UTF_8)
                + "/artifacts/" + x.getDigest() + "/additions/";
        Map<String, RepositoryResource.AdditionLink> links = new java.util.LinkedHashMap<>();
        if (x.getConfigDigest() != null) links.put("build_history", new RepositoryResource.AdditionLink(base + "build_history", false));
        links.put("vulnerabilities", new RepositoryResource.AdditionLink(base + "vulnerabilities", false));
        return new RepositoryResource.ArtifactView(x.getId(), RepositoryOperations.typeOf(x), x.getProjectId(), x.getRepositoryId(), repositoryName,
                x.getDigest(), x.getMediaType(), x.getManifestMediaType(), x.getMediaType(), x.getSize(), "",
                x.getPushTime(), x.getPullTime(), Map.of(), Map.of(), List.of(), tags, links,
                attached.stream().map(LabelResource::view).toList(), List.of(), x.getLayerDigests(),
                x.getConfigDigest(), overview == null ? null : ScanViews.overview(overview, freshness.forReport(overview.getDataUpdatedAt())),
                null);
    }

    /** Tags with Harbor's {@code immutable}: whether one of the project's enabled immutability rules protects the tag. */
    public List<RepositoryResource.TagView> tags(long projectId, String repositoryInProject, List<io.wharf.registry.Tag> tags) {
        java.util.Set<String> immutable = immutableTags.immutableAmong(projectId, repositoryInProject,
                tags.stream().map(io.wharf.registry.Tag::getName).toList());
        return tags.stream().map(t -> RepositoryResource.view(t, immutable.contains(t.getName()))).toList();
    }
}
