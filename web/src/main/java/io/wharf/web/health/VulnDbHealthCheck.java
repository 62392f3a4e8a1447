package io.wharf.web.health;

import io.wharf.scan.VulnDbFreshness;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * The vulnerability data is no older than {@code vulndb.max_age}. Down with the reason when it is:
 * scans still run, but they miss what was published since. An empty database (a new installation
 * before its first update) is reported in the data but not as down, so that a fresh stack comes up;
 * its scans end in Error instead.
 */
@Readiness
@ApplicationScoped
public class VulnDbHealthCheck implements HealthCheck {
    public static final String NAME = "vulnerability-database";

    @Inject VulnDbFreshness freshness;

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder b = HealthCheckResponse.named(NAME);
        try {
            VulnDbFreshness.Verdict v = freshness.now();
            b.status(!v.stale()).withData("empty", v.empty());
            if (!v.warnings().isEmpty()) b.withData("reason", v.warnings().get(0));
        } catch (RuntimeException e) {
            b.down().withData("reason", "cannot read the vulnerability database");
        }
        return b.build();
    }
}
