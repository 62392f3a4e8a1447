package io.wharf.statistics;

import io.wharf.project.Caller;
import io.wharf.project.Project;
import io.wharf.project.ProjectRepository;
import io.wharf.quota.QuotaService;
import io.wharf.registry.RegistryContent;
import io.wharf.registry.RepositoryRecord;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import java.util.List;

/**
 * Harbor's {@code Statistic}: projects and repositories the caller can see, split by public and
 * private; the totals (all projects, all repositories, the storage they use) only for
 * administrators, as in Harbor (others read 0 there).
 */
@Stateless
public class StatisticsService {
    /** How many projects and repositories one search answers with, at most (Harbor answers all; a cap keeps it bounded). */
    public static final int SEARCH_LIMIT = 100;

    @Inject ProjectRepository projects;
    @Inject RegistryContent content;
    @Inject QuotaService quotas;

    public record Statistic(long privateProjectCount, long privateRepoCount, long publicProjectCount, long publicRepoCount,
                            long totalProjectCount, long totalRepoCount, long totalStorageConsumption) {}

    /** A repository found by a search, with its project's name and visibility. */
    public record FoundRepository(RepositoryRecord repository, Project project, long artifactCount) {}

    public Statistic statistic(Caller caller) {
        List<Long> privateIds = ids(projects.visible(caller, null, false, 0, Integer.MAX_VALUE));
        List<Long> publicIds = ids(projects.visible(caller, null, true, 0, Integer.MAX_VALUE));
        long totalProjects = 0;
        long totalRepos = 0;
        long storage = 0;
        if (caller.sysadmin()) {
            List<Project> all = projects.visible(caller, null, null, 0, Integer.MAX_VALUE);
            totalProjects = all.size();
            totalRepos = content.countRepositoriesIn(null, null);
            for (Project p : all) storage += quotas.usage(p.getId());
        }
        return new Statistic(privateIds.size(), content.countRepositoriesIn(privateIds, null), publicIds.size(),
                content.countRepositoriesIn(publicIds, null), totalProjects, totalRepos, storage);
    }

    /** Projects the caller can see whose name contains the text. */
    public List<Project> projects(Caller caller, String text) {
        return projects.visible(caller, blankToNull(text), null, 0, SEARCH_LIMIT);
    }

    /** Repositories of projects the caller can see whose name contains the text. */
    public List<FoundRepository> repositories(Caller caller, String text) {
        List<Project> visible = projects.visible(caller, null, null, 0, Integer.MAX_VALUE);
        if (visible.isEmpty()) return List.of();
        java.util.Map<Long, Project> byId = new java.util.HashMap<>();
        visible.forEach(p -> byId.put(p.getId(), p));
        return content.repositoriesIn(byId.keySet(), blankToNull(text), List.of(), 0, SEARCH_LIMIT).stream()
                .map(r -> new FoundRepository(r, byId.get(r.getProjectId()), content.countArtifacts(r.getId()))).toList();
    }

    private static List<Long> ids(List<Project> list) { return list.stream().map(Project::getId).toList(); }

    private static String blankToNull(String s) { return s == null || s.isBlank() ? null : s.strip(); }
}
