package io.wharf.web.health;

import io.wharf.redis.RedisConnection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Redis answers PING. */
@Readiness
@ApplicationScoped
public class RedisHealthCheck implements HealthCheck {
    @Inject RedisConnection redis;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("redis").status(redis.ping()).build();
    }
}
