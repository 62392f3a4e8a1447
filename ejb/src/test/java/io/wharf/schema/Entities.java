package io.wharf.schema;

import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.Persistence;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Wharf's persistence unit ({@code META-INF/persistence.xml}, every entity) on EclipseLink outside the
 * server, on a data source of the test's choosing: what Liberty's JPA container does, without Liberty.
 */
public final class Entities {
    private Entities() {
    }

    /** The unit on {@code dataSource}, with EclipseLink's schema generation set to {@code ddlGeneration}. */
    public static EntityManagerFactory open(DataSource dataSource, String ddlGeneration) {
        Map<String, Object> p = outsideServer(dataSource);
        p.put("eclipselink.ddl-generation", ddlGeneration);
        p.put("eclipselink.ddl-generation.output-mode", "database");
        return Persistence.createEntityManagerFactory("wharf", p);
    }

    /**
     * Writes the DDL EclipseLink generates for every entity for {@code targetDatabase} (EclipseLink's
     * platform name: Derby, PostgreSQL) into {@code dir/file}, without touching the database.
     */
    static void writeDdl(DataSource dataSource, String targetDatabase, Path dir, String file) {
        Map<String, Object> p = outsideServer(dataSource);
        p.put("eclipselink.target-database", targetDatabase);
        p.put("eclipselink.ddl-generation", "create-tables");
        p.put("eclipselink.ddl-generation.output-mode", "sql-script");
        p.put("eclipselink.application-location", dir.toString());
        p.put("eclipselink.create-ddl-jdbc-file-name", file);
        p.put("eclipselink.drop-ddl-jdbc-file-name", "drop-" + file);
        Persistence.createEntityManagerFactory("wharf", p).close();
    }

    private static Map<String, Object> outsideServer(DataSource dataSource) {
        Map<String, Object> p = new HashMap<>();
        p.put("jakarta.persistence.transactionType", "RESOURCE_LOCAL");
        p.put("jakarta.persistence.jtaDataSource", null);
        p.put("jakarta.persistence.nonJtaDataSource", dataSource);
        p.put("eclipselink.target-server", "None");
        p.put("eclipselink.weaving", "false");
        p.put("eclipselink.deploy-on-startup", "true");
        p.put("eclipselink.logging.level", "WARNING");
        return p;
    }
}
