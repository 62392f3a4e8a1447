package io.wharf.web.health;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/** Wharf's own process is serving requests: the check runs inside the deployed application. */
@Liveness
@ApplicationScoped
public class WharfLivenessCheck implements HealthCheck {
    @Override
    public HealthCheckResponse call() {
        Runtime rt = Runtime.getRuntime();
        long usedMb = (rt.totalMemory() - rt.freeMemory()) / (1024 * 1024);
        return HealthCheckResponse.named("wharf").up().withData("heap_used_mb", usedMb)
                .withData("heap_max_mb", rt.maxMemory() / (1024 * 1024)).build();
    }
}
