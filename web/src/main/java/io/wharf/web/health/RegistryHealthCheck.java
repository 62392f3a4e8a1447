package io.wharf.web.health;

import io.wharf.registry.RegistryCatalogService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** The registry answers {@code /v2/} to a token Wharf signed: it is up and trusts Wharf's key. */
@Readiness
@ApplicationScoped
public class RegistryHealthCheck implements HealthCheck {
    @Inject RegistryCatalogService registry;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("registry").status(registry.ping()).build();
    }
}
