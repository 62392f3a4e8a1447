package io.wharf.schema;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.derby.jdbc.EmbeddedDataSource;

/**
 * Not a test: prints the DDL EclipseLink generates for the entities, for Derby and PostgreSQL, into the
 * folder given as argument. A new migration starts from the difference between this output and the
 * migrations so far (README, "Schema migrations").
 */
public final class BaselineDdl {
    private BaselineDdl() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : "target/ddl").toAbsolutePath();
        Files.createDirectories(dir);
        EmbeddedDataSource derby = new EmbeddedDataSource();
        derby.setDatabaseName("memory:ddl");
        derby.setCreateDatabase("create");
        Entities.writeDdl(derby, "Derby", dir, "derby.sql");
        Entities.writeDdl(derby, "PostgreSQL", dir, "postgresql.sql");
        System.out.println("DDL written to " + dir);
    }
}
