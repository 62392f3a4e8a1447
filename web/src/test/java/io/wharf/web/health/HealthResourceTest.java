package io.wharf.web.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;

/** Each MicroProfile health check becomes one of Harbor's {@code ComponentHealthStatus}. */
class HealthResourceTest {
    private static HealthCheck answering(String name, HealthCheckResponse.Status status, Map<String, Object> data) {
        return () -> new HealthCheckResponse(name, status, Optional.ofNullable(data));
    }

    @Test
    void anUpCheckIsAHealthyComponentWithoutError() {
        HealthResource.ComponentHealthStatus c = HealthResource.component(answering("database", HealthCheckResponse.Status.UP, Map.of()));
        assertEquals("database", c.name());
        assertEquals("healthy", c.status());
        assertNull(c.error());
    }

    @Test
    void aDownCheckIsUnhealthyWithItsReason() {
        HealthResource.ComponentHealthStatus c = HealthResource.component(answering("vulnerability-database",
                HealthCheckResponse.Status.DOWN, Map.of("reason", "the vulnerability data is 9 days old")));
        assertEquals("unhealthy", c.status());
        assertEquals("the vulnerability data is 9 days old", c.error());
    }

    @Test
    void aDownCheckWithoutReasonSaysWhichIsDown() {
        assertEquals("redis is down", HealthResource.component(answering("redis", HealthCheckResponse.Status.DOWN, null)).error());
    }

    @Test
    void aCheckThatThrowsIsAnUnhealthyComponentNotAnError() {
        HealthCheck broken = () -> { throw new IllegalStateException("no connection"); };
        HealthResource.ComponentHealthStatus c = HealthResource.component(broken);
        assertEquals("unhealthy", c.status());
        assertEquals("the check did not complete", c.error());
    }
}
