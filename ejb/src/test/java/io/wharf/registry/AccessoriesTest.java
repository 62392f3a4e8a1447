package io.wharf.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AccessoriesTest {
    private static final String HEX = "ab".repeat(32);

    private static ManifestSummary manifest(String json) {
        return ManifestSummary.parse(json.getBytes(StandardCharsets.UTF_8), "application/vnd.oci.image.manifest.v1+json");
    }

    @Test
    void anAccessoryNamesASubjectOrCarriesACosignTag() {
        ManifestSummary image = manifest("{\"schemaVersion\":2,\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\","
                + "\"digest\":\"sha256:" + HEX + "\",\"size\":10},\"layers\":[]}");
        ManifestSummary referrer = manifest("{\"schemaVersion\":2,\"artifactType\":\"application/vnd.cncf.notary.signature\","
                + "\"config\":{\"mediaType\":\"application/vnd.oci.empty.v1+json\",\"digest\":\"sha256:" + HEX + "\",\"size\":2},"
                + "\"layers\":[],\"subject\":{\"digest\":\"sha256:" + HEX + "\"}}");
        assertFalse(Accessories.isAccessory(image, "v1"));
        assertFalse(Accessories.isAccessory(image, "sha256-" + HEX));
        assertTrue(Accessories.isAccessory(image, "sha256-" + HEX + ".sig"));
        assertTrue(Accessories.isAccessory(image, "sha256-" + HEX + ".att"));
        assertTrue(Accessories.isAccessory(referrer, null));

        assertEquals(Accessories.NOTATION_SIGNATURE, Accessories.typeOf(new Artifact(1L, 1L, "sha256:" + HEX, referrer, Instant.now()), null));
        assertEquals(Accessories.COSIGN_SIGNATURE, Accessories.typeOf(new Artifact(1L, 1L, "sha256:" + HEX, image, Instant.now()),
                "sha256-" + HEX + ".sig"));
        assertEquals(Accessories.SUBJECT, Accessories.typeOf(new Artifact(1L, 1L, "sha256:" + HEX, image, Instant.now()),
                "sha256-" + HEX + ".sbom"));
    }

    @Test
    void anSbomWharfGeneratedIsHarborsSbomAccessoryAndAnyOtherSbomASubjectAccessory() {
        String layers = "\"layers\":[{\"mediaType\":\"application/vnd.cyclonedx+json\",\"digest\":\"sha256:" + HEX + "\",\"size\":5}],"
                + "\"subject\":{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"sha256:" + HEX + "\",\"size\":9}}";
        String config = "\"config\":{\"mediaType\":\"application/vnd.oci.empty.v1+json\",\"digest\":\"sha256:" + HEX + "\",\"size\":2},";
        ManifestSummary harbors = manifest("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                + "\"artifactType\":\"application/vnd.goharbor.harbor.sbom.v1\"," + config + layers);
        ManifestSummary pushed = manifest("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                + "\"artifactType\":\"application/vnd.cyclonedx+json\"," + config + layers);
        assertEquals("harbor.sbom", Accessories.typeOf(new Artifact(1L, 1L, "sha256:" + HEX, harbors, Instant.now()), null));
        assertEquals(Accessories.SUBJECT, Accessories.typeOf(new Artifact(1L, 1L, "sha256:" + HEX, pushed, Instant.now()), null));
    }
}
