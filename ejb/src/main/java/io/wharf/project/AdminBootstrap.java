package io.wharf.project;

import io.wharf.config.WharfConfig;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;
import java.util.logging.Logger;

/** Makes sure the {@code admin} user exists from the first start, with the configured password. */
@Singleton
@Startup
@jakarta.ejb.DependsOn(io.wharf.schema.SchemaMigrator.NAME) // the schema is migrated before this bean reads it
public class AdminBootstrap {
    private static final Logger LOG = Logger.getLogger(AdminBootstrap.class.getName());
    public static final String ADMIN = "admin";

    @Inject UserRepository users;
    @Inject WharfConfig config;

    @PostConstruct
    void ensureAdmin() {
        if (users.byName(ADMIN).isPresent()) return;
        String password = config.adminPassword().orElseThrow(() -> new IllegalStateException(
                "no admin user yet and no admin password configured (set WHARF_ADMIN_PASSWORD)"));
        UserAccount admin = users.add(new UserAccount(ADMIN, "admin@localhost", "Wharf administrator",
                "created on first start", UserService.HASHER.hash(password)));
        admin.changeSysadmin(true);
        LOG.info("Created the admin user on first start");
    }
}
