package io.wharf.scanner.version;

import static io.wharf.scanner.version.OrderAssertions.assertAscending;
import static io.wharf.scanner.version.OrderAssertions.assertSame;

import java.util.List;
import org.junit.jupiter.api.Test;

/** semver.org 2.0.0, section 11, examples. */
class SemverSchemeTest {
    private final VersionScheme semver = VersionSchemes.SEMVER;

    @Test
    void specExamples() {
        assertAscending(semver, List.of("1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta",
                "1.0.0-beta.2", "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0", "2.0.0", "2.1.0", "2.1.1"));
        assertAscending(semver, List.of("4.17.15", "4.17.19", "4.17.20", "4.17.21"));
    }

    @Test
    void buildMetadataIgnoredAndLooseForms() {
        assertSame(semver, "1.0.0+build.5", "1.0.0");
        assertSame(semver, "v1.2.3", "1.2.3");
        assertSame(semver, "1.0", "1.0.0");
    }
}
