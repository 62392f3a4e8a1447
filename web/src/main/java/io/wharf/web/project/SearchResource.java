package io.wharf.web.project;

import io.wharf.project.Permission;
import io.wharf.statistics.StatisticsService;
import io.wharf.web.security.BasicSignIn;
import io.wharf.web.security.CallerHolder;
import io.wharf.web.security.Requires;
import io.wharf.web.security.SessionSignIn;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ResourceContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/**
 * Harbor's {@code GET /api/v2.0/search?q=}: the projects and the repositories whose names contain
 * the text, among those the caller may see (anyone: public projects only), at most
 * {@link StatisticsService#SEARCH_LIMIT} of each.
 */
@Path("api/v2.0/search")
@BasicSignIn
@SessionSignIn
public class SearchResource {
    @Inject StatisticsService search;
    @Inject CallerHolder caller;
    @Context ResourceContext resources;

    public record SearchRepository(long projectId, String projectName, boolean projectPublic, String repositoryName,
                                   long pullCount, long artifactCount) {}

    public record Search(List<ProjectResource.ProjectView> project, List<SearchRepository> repository) {}

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Requires(Permission.ANYONE)
    public Search search(@QueryParam("q") String q) {
        if (q != null && q.length() > 255) throw io.wharf.common.WharfException.badRequest("q is longer than 255 characters");
        // The project resource writes a project as GET /projects does, so both answer the same shape.
        ProjectResource projects = resources.getResource(ProjectResource.class);
        List<ProjectResource.ProjectView> found = search.projects(caller.get(), q).stream().map(projects::view).toList();
        List<SearchRepository> repositories = search.repositories(caller.get(), q).stream()
                .map(f -> new SearchRepository(f.project().getId(), f.project().getName(),
                        "true".equals(f.project().getMetadata().get("public")), f.repository().getName(),
                        f.repository().getPullCount(), f.artifactCount()))
                .toList();
        return new Search(found, repositories);
    }
}
