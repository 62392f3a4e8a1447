package io.wharf.web.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.wharf.common.WharfException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Harbor 2.11's scan request body: which scan a POST to .../scan asks for, and what is refused. */
class ScanTypeTest {
    private static String type(String body) {
        return ScanResource.scanType(body == null ? null : body.getBytes(StandardCharsets.UTF_8));
    }

    private static int refused(String body) {
        return assertThrows(WharfException.class, () -> type(body)).status();
    }

    @Test
    void noBodyOrNoScanTypeIsTheVulnerabilityScanAsBefore() {
        assertEquals("vulnerability", type(null));
        assertEquals("vulnerability", type(""));
        assertEquals("vulnerability", type("{}"));
        assertEquals("vulnerability", type("null"));
        assertEquals("vulnerability", type("{\"scan_type\":\"vulnerability\"}"));
    }

    @Test
    void sbomAsksForTheSbom() {
        assertEquals("sbom", type("{\"scan_type\":\"sbom\"}"));
    }

    @Test
    void anotherTypeOrShapeIsABadRequest() {
        assertEquals(400, refused("{\"scan_type\":\"everything\"}"));
        assertEquals(400, refused("{\"scan_type\":1}"));
        assertEquals(400, refused("[\"sbom\"]"));
        assertEquals(400, refused("{\"scan_type\":"));
    }
}
