package io.wharf.scanner.version;

import static io.wharf.scanner.version.OrderAssertions.assertAscending;
import static io.wharf.scanner.version.OrderAssertions.assertSame;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Maven's documented version order (ComparableVersion javadoc, "POM Reference: Version Order Specification"). */
class MavenVersionSchemeTest {
    private final VersionScheme maven = VersionSchemes.MAVEN;

    @Test
    void qualifierOrder() {
        assertAscending(maven, List.of("1-alpha", "1-beta", "1-milestone", "1-rc", "1-SNAPSHOT", "1", "1-sp", "1.1"));
    }

    @Test
    void qualifierAliasesAndPadding() {
        assertSame(maven, "1-rc", "1-cr");
        assertSame(maven, "1", "1.0");
        assertSame(maven, "1", "1-ga");
        assertSame(maven, "1.0.0.Final", "1.0.0");
        assertSame(maven, "5.2.20.RELEASE", "5.2.20");
    }

    @Test
    void numericComponents() {
        assertAscending(maven, List.of("2.3.1", "2.9.9", "2.9.9.1", "2.9.10", "2.12.2", "2.13.0", "2.15.0"));
        assertAscending(maven, List.of("5.2.19.RELEASE", "5.2.20.RELEASE", "5.3.0-M1", "5.3.0", "5.3.18"));
    }
}
