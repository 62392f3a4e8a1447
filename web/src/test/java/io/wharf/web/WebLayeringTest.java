package io.wharf.web;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The web module reaches the data and the outside world only through the ejb module's services:
 * resources, filters and mappers hold no EntityManager, no JDBC and none of the services' own clients.
 */
class WebLayeringTest {
    private static JavaClasses web;

    @BeforeAll
    static void importClasses() {
        web = new ClassFileImporter().importPath(Path.of("target/classes"));
    }

    @Test
    void noPersistenceInTheWebLayer() {
        noClasses().should().dependOnClassesThat().resideInAPackage("jakarta.persistence..")
                .because("entities are read and written by the ejb module's services").check(web);
    }

    @Test
    void jdbcOnlyInTheHealthCheck() {
        noClasses().that().resideOutsideOfPackage("io.wharf.web.health..")
                .should().dependOnClassesThat().resideInAnyPackage("java.sql..", "javax.sql..")
                .because("only the database health check opens a connection itself").check(web);
    }

    @Test
    void noInternalsOfTheEjbModule() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage(
                        "io.wharf.registry.client..", "io.wharf.scan.adapter..", "io.wharf.scan.clair..", "io.wharf.schema..")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("io.wharf.jobservice.JobRows")
                .because("the registry's and the scanners' clients, the schema migrations and the job table's JDBC "
                        + "are the ejb services' own").check(web);
    }
}
