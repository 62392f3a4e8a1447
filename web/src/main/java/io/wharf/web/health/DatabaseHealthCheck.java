package io.wharf.web.health;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** The database hands out a working connection. */
@Readiness
@ApplicationScoped
public class DatabaseHealthCheck implements HealthCheck {
    @Resource(lookup = "jdbc/wharf")
    DataSource dataSource;

    @Override
    public HealthCheckResponse call() {
        boolean up;
        try (Connection c = dataSource.getConnection()) {
            up = c.isValid(5);
        } catch (SQLException e) {
            up = false;
        }
        return HealthCheckResponse.named("database").status(up).build();
    }
}
