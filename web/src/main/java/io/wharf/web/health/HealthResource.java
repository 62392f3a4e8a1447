package io.wharf.web.health;

import io.wharf.project.Permission;
import io.wharf.web.security.BasicSignIn;
import io.wharf.web.security.Requires;
import io.wharf.web.security.SessionSignIn;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;

/**
 * Harbor's {@code GET /api/v2.0/health} ({@code OverallHealthStatus}): the same checks as
 * MicroProfile Health's {@code /health}, each a component that is "healthy" or "unhealthy" with
 * the reason; the whole is "healthy" only when every component is.
 */
@Path("api/v2.0/health")
@BasicSignIn
@SessionSignIn
public class HealthResource {
    @Inject @Any Instance<HealthCheck> checks;

    public record ComponentHealthStatus(String name, String status, String error) {}

    public record OverallHealthStatus(String status, List<ComponentHealthStatus> components) {}

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Requires(Permission.ANYONE)
    public OverallHealthStatus health() {
        List<ComponentHealthStatus> components = new ArrayList<>();
        for (HealthCheck check : checks) components.add(component(check));
        components.sort(Comparator.comparing(ComponentHealthStatus::name));
        boolean healthy = components.stream().allMatch(c -> c.status().equals("healthy"));
        return new OverallHealthStatus(healthy ? "healthy" : "unhealthy", components);
    }

    static ComponentHealthStatus component(HealthCheck check) {
        HealthCheckResponse r;
        try {
            r = check.call();
        } catch (RuntimeException e) {
            // A check that fails is a component that is down, not an error of this answer.
            return new ComponentHealthStatus(check.getClass().getSimpleName(), "unhealthy", "the check did not complete");
        }
        if (r.getStatus() == HealthCheckResponse.Status.UP) return new ComponentHealthStatus(r.getName(), "healthy", null);
        String reason = r.getData().map(d -> d.get("reason")).map(String::valueOf).orElse(r.getName() + " is down");
        return new ComponentHealthStatus(r.getName(), "unhealthy", reason);
    }
}
