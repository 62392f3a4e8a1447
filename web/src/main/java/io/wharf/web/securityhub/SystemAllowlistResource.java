package io.wharf.web.securityhub;

import io.wharf.common.WharfException;
import io.wharf.project.Permission;
import io.wharf.scan.CveAllowlist;
import io.wharf.scan.ScanService;
import io.wharf.web.security.BasicSignIn;
import io.wharf.web.security.Requires;
import io.wharf.web.security.SessionSignIn;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;

/**
 * Harbor's system CVE allowlist: vulnerabilities that projects with {@code reuse_sys_cve_allowlist} ignore in their
 * "prevent vulnerable images" policy. Anyone signed in reads it; administrators replace it.
 */
@Path("api/v2.0/system/CVEAllowlist")
@Produces(MediaType.APPLICATION_JSON)
@BasicSignIn
@SessionSignIn
public class SystemAllowlistResource {
    @Inject ScanService scans;

    public record Item(String cveId) {}

    public record AllowlistView(Long id, long projectId, Long expiresAt, List<Item> items, Instant creationTime, Instant updateTime) {}

    public record AllowlistBody(Long id, Long projectId, Long expiresAt, List<Item> items, Instant creationTime, Instant updateTime) {}

    @GET
    @Requires(Permission.SYSTEM_ALLOWLIST_READ)
    public AllowlistView get() {
        return scans.systemAllowlist().map(SystemAllowlistResource::view)
                .orElse(new AllowlistView(null, CveAllowlist.SYSTEM, null, List.of(), null, null));
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @Requires(Permission.SYSTEM_ALLOWLIST_UPDATE)
    public Response put(AllowlistBody body) {
        if (body == null) throw WharfException.badRequest("a body {\"items\":[{\"cve_id\":\"CVE-...\"}],\"expires_at\":<seconds>} is required");
        List<String> ids = body.items() == null ? List.of() : body.items().stream().map(i -> i == null ? null : i.cveId()).toList();
        scans.replaceSystemAllowlist(ids, body.expiresAt());
        return Response.ok().build();
    }

    private static AllowlistView view(CveAllowlist a) {
        return new AllowlistView(null, CveAllowlist.SYSTEM, a.getExpiresAt(), a.ids().stream().map(Item::new).toList(),
                a.getUpdateTime(), a.getUpdateTime());
    }
}
