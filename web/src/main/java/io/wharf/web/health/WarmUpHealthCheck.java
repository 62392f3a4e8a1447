package io.wharf.web.health;

import io.wharf.warmup.HotPathWarmUp;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Not ready until the hot paths have been warmed up: a load balancer sends a new server no traffic before. */
@Readiness
@ApplicationScoped
public class WarmUpHealthCheck implements HealthCheck {
    @Inject HotPathWarmUp warmUp;

    @Override
    public HealthCheckResponse call() {
        if (warmUp.done()) return HealthCheckResponse.named("warm-up").up().build();
        return HealthCheckResponse.named("warm-up").down().withData("reason", "warming up the hot paths").build();
    }
}
