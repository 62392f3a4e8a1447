package io.wharf.web.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.wharf.scan.ScanVulnerability;
import io.wharf.scanner.Cvss;
import io.wharf.scanner.Severity;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A finding's rating in the report API, shaped as Harbor's report 1.1 (values of NVD's record of CVE-2020-8203). */
class ScanViewsTest {
    private static final Cvss NVD_V3 = new Cvss("3.1", "CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:N/I:H/A:H", 7.4, "nvd");
    private static final Cvss NVD_V2 = new Cvss("2.0", "AV:N/AC:M/Au:N/C:N/I:P/A:P", 5.8, "nvd");
    private static final Cvss GHSA = new Cvss("3.1", "CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:N/I:H/A:H", 7.4, "ghsa");

    private static ScanVulnerability lodash() {
        return new ScanVulnerability("sha256:x", "GHSA-p6mc-m468-83gw", List.of("CVE-2020-8203"), "lodash", "4.17.15",
                "4.17.20", Severity.HIGH, "Prototype Pollution in lodash", List.of(), "sha256:layer");
    }

    @Test
    void nvdRatedFindingAnswersPreferredCvssCweIdsVendorAttributesAndSeveritySource() {
        ScanViews.VulnerabilityView v = ScanViews.vulnerability(
                lodash().rated(NVD_V3, List.of("CWE-1321", "CWE-770"), "nvd", List.of(NVD_V3, NVD_V2, GHSA)));
        ScanViews.PreferredCvssView cvss = v.preferredCvss();
        assertEquals(7.4, cvss.scoreV3());
        assertEquals(NVD_V3.vector(), cvss.vectorV3());
        assertEquals(5.8, cvss.scoreV2());
        assertEquals(NVD_V2.vector(), cvss.vectorV2());
        assertEquals("3.1", cvss.version());
        assertEquals("nvd", cvss.source());
        assertEquals(List.of("CWE-1321", "CWE-770"), v.cweIds());
        assertEquals("nvd", v.severitySource());
        assertEquals(Map.of("CVSS", Map.of("nvd", Map.of("V3Score", 7.4, "V3Vector", NVD_V3.vector(), "V2Score", 5.8,
                "V2Vector", NVD_V2.vector()))), v.vendorAttributes());
    }

    @Test
    void advisoryRatedFindingHasNoNvdAttributes() {
        ScanViews.VulnerabilityView v = ScanViews.vulnerability(lodash().rated(GHSA, List.of(), "ghsa", List.of(GHSA)));
        assertEquals("ghsa", v.preferredCvss().source());
        assertNull(v.preferredCvss().scoreV2());
        assertNull(v.vendorAttributes());
        assertEquals("ghsa", v.severitySource());
    }

    @Test
    void findingOfAScannerThatSaysNothingAboutItsRatingKeepsTheOldShape() {
        ScanViews.VulnerabilityView v = ScanViews.vulnerability(lodash());
        assertNull(v.preferredCvss());
        assertEquals(List.of(), v.cweIds());
        assertNull(v.vendorAttributes());
        assertNull(v.severitySource());
        assertEquals("4.17.20", v.fixVersion());
    }
}
