package io.wharf.web.securityhub;

import io.wharf.common.HarborQuery;
import io.wharf.common.Page;
import io.wharf.project.Permission;
import io.wharf.securityhub.SecurityHub;
import io.wharf.securityhub.SecuritySummary;
import io.wharf.securityhub.VulnerabilityItem;
import io.wharf.web.project.PageLinks;
import io.wharf.web.security.BasicSignIn;
import io.wharf.web.security.Requires;
import io.wharf.web.security.SessionSignIn;
import jakarta.inject.Inject;
import jakarta.json.bind.annotation.JsonbProperty;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.Set;

/** Harbor's security hub: the registry's vulnerability summary and the search over every finding (administrators). */
@Path("api/v2.0/security")
@Produces(MediaType.APPLICATION_JSON)
@BasicSignIn
@SessionSignIn
public class SecurityHubResource {
    @Inject SecurityHub hub;
    @Context UriInfo uri;

    public record DangerousCveView(String cveId, String severity, Double cvssScoreV3, String desc,
                                   @JsonbProperty("package") String pkg, String version) {}

    public record VulnerabilityView(long projectId, String repositoryName, String digest, List<String> tags, String cveId,
                                    String severity, String status,
                                    // JSON-B would spell it cvss_v3score: no word break after a digit
                                    @JsonbProperty("cvss_v3_score") Double cvssV3Score, @JsonbProperty("package") String pkg,
                                    String version, String fixedVersion, String desc, List<String> links) {}

    public record SummaryView(long criticalCnt, long highCnt, long mediumCnt, long lowCnt, long noneCnt, long unknownCnt,
                              long totalVuls, long scannedCnt, long totalArtifact, long fixableCnt,
                              List<DangerousCveView> dangerousCves, List<SecuritySummary.DangerousArtifact> dangerousArtifacts) {}

    @GET
    @Path("summary")
    @Requires(Permission.SECURITY_HUB_READ)
    public SummaryView summary(@QueryParam("with_dangerous_cve") boolean withCves,
                               @QueryParam("with_dangerous_artifact") boolean withArtifacts) {
        SecuritySummary s = hub.summary(withCves, withArtifacts);
        return new SummaryView(s.criticalCnt(), s.highCnt(), s.mediumCnt(), s.lowCnt(), s.noneCnt(), s.unknownCnt(), s.totalVuls(),
                s.scannedCnt(), s.totalArtifact(), s.fixableCnt(),
                s.dangerousCves() == null ? null : s.dangerousCves().stream().map(c -> new DangerousCveView(c.cveId(), c.severity(),
                        c.cvssScoreV3(), c.desc(), c.packageName(), c.version())).toList(),
                s.dangerousArtifacts());
    }

    @GET
    @Path("vul")
    @Requires(Permission.SECURITY_HUB_READ)
    public Response vulnerabilities(@QueryParam("q") String q, @QueryParam("page") Integer page,
                                    @QueryParam("page_size") Integer pageSize, @QueryParam("tune_count") boolean tuneCount,
                                    @QueryParam("with_tag") boolean withTag) {
        HarborQuery query = HarborQuery.parse(q, null, SecurityHub.QUERY_KEYS, Set.of());
        Page<VulnerabilityItem> found = hub.vulnerabilities(query, page, pageSize, tuneCount, withTag);
        List<VulnerabilityView> views = found.items().stream().map(v -> new VulnerabilityView(v.projectId(), v.repositoryName(),
                v.digest(), v.tags(), v.cveId(), v.severity(), v.status(), v.cvssV3Score(), v.packageName(), v.version(),
                v.fixedVersion(), v.desc(), v.links())).toList();
        return PageLinks.ok(views, found, uri).build();
    }
}
