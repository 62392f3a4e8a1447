package io.wharf.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ManifestValidatorTest {
    private static final String CONFIG = "{\"mediaType\":\"application/vnd.oci.image.config.v1+json\","
            + "\"digest\":\"sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a\",\"size\":2}";
    private static final String LAYER = "{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\","
            + "\"digest\":\"sha256:8e3ba11ec2a2b39ab372c60c16b421536e50e5ce64a0bc81765c2e38381bcff6\",\"size\":1234}";
    private static final String OCI = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
            + "\"config\":" + CONFIG + ",\"layers\":[" + LAYER + "]}";

    private static Optional<String> check(String body, String type) {
        return ManifestValidator.problem(body.getBytes(StandardCharsets.UTF_8), type);
    }

    @Test
    void aRealImageManifestPasses() {
        assertEquals(Optional.empty(), check(OCI, ManifestValidator.OCI_MANIFEST));
        // OCI 1.0 manifests may leave mediaType out when the Content-Type names it.
        assertEquals(Optional.empty(), check(OCI.replace("\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",", ""),
                ManifestValidator.OCI_MANIFEST));
        String index = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"manifests\":[{"
                + "\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"sha256:ab\",\"size\":5}]}";
        assertEquals(Optional.empty(), check(index, null));
    }

    @Test
    void junkIsRefusedWithAReason() {
        assertTrue(check("null", ManifestValidator.OCI_MANIFEST).get().contains("object"));
        assertTrue(check("not json", ManifestValidator.OCI_MANIFEST).get().contains("not JSON"));
        assertTrue(check("[]", null).isPresent());
        assertTrue(check("", null).isPresent());
        assertTrue(check(OCI.replace("\"schemaVersion\":2,", ""), null).get().contains("schemaVersion"));
        assertTrue(check(OCI.replace("\"schemaVersion\":2", "\"schemaVersion\":\"2\""), null).get().contains("schemaVersion"));
        assertTrue(check(OCI.replace("\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",", ""), null)
                .get().contains("mediaType"));
        assertTrue(check(OCI.replace("\"size\":1234", "\"size\":-1"), null).get().contains("layers[0].size"));
        assertTrue(check(OCI.replace("sha256:8e3b", "sha256 8e3b"), null).get().contains("digest"));
        assertTrue(check(OCI.replace("\"layers\":[" + LAYER + "]", "\"layers\":{}"), null).get().contains("layers"));
        assertTrue(check(OCI, ManifestValidator.DOCKER_MANIFEST).get().contains("differs"));
        assertTrue(check("[".repeat(100) + "]".repeat(100), null).get().contains("deeper"));
        byte[] latin1 = {'{', '"', (byte) 0xff, '"', ':', '1', '}'};
        assertTrue(ManifestValidator.problem(latin1, null).get().contains("UTF-8"));
    }
}
