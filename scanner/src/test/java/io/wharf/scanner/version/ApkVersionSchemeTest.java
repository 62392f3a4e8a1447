package io.wharf.scanner.version;

import static io.wharf.scanner.version.OrderAssertions.assertAscending;
import static io.wharf.scanner.version.OrderAssertions.assertSame;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Alpine's documented order (apk-tools version.c, the APKBUILD reference's pkgver suffixes). */
class ApkVersionSchemeTest {
    private final VersionScheme apk = VersionSchemes.APK;

    @Test
    void preReleaseSuffixesSortBeforeTheReleaseAndPostReleaseAfter() {
        assertAscending(apk, List.of("1.0_alpha", "1.0_alpha2", "1.0_beta", "1.0_pre1", "1.0_rc1", "1.0_rc2",
                "1.0", "1.0_cvs", "1.0_svn", "1.0_git", "1.0_hg", "1.0_p1", "1.0_p2", "1.0.1"));
    }

    @Test
    void revisionsLettersAndNumbers() {
        assertAscending(apk, List.of("1.0", "1.0-r1", "1.0-r2", "1.0-r10", "1.0a", "1.0b-r0", "1.1"));
        assertAscending(apk, List.of("1.1.1", "1.1.1a-r0", "1.1.1k-r0", "1.1.1l-r0", "1.1.2"));
        assertAscending(apk, List.of("1.2.3", "1.2.9", "1.2.10", "1.10.0"));
        assertAscending(apk, List.of("1.36.1-r5", "1.36.1-r6", "1.36.1-r7", "1.36.1-r10"));
        assertAscending(apk, List.of("1.2.2_pre2-r0", "1.2.2-r0", "1.2.4-r3"));
        assertAscending(apk, List.of("9.10.4-r0", "9.10.4_p5-r0", "9.11.0_p5-r0"));
    }

    @Test
    void leadingZeroComponentsCompareAsFractions() {
        assertAscending(apk, List.of("1.001", "1.01", "1.1"));
        assertAscending(apk, List.of("3.0.0_rc1", "3.0.0", "3.0.0-r1", "3.0.0_p1"));
    }

    @Test
    void equalVersions() {
        assertSame(apk, "3.0.8-r0", "3.0.8-r0");
        assertSame(apk, "1.2.3_p1-r2", "1.2.3_p1-r2");
    }
}
