package io.wharf.sbom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.wharf.registry.Accessories;
import io.wharf.registry.ManifestSummary;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class SbomManifestTest {
    /** The OCI image spec's empty descriptor (image-spec manifest.md, "Guidance for an Empty Descriptor"). */
    private static final String OCI_EMPTY_DIGEST = "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a";
    private static final String SUBJECT = "sha256:" + "ab".repeat(32);
    private static final byte[] SBOM = "{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.5\",\"components\":[]}".getBytes(StandardCharsets.UTF_8);

    private static SbomManifest.Built built() {
        return SbomManifest.build(new SbomManifest.Subject("application/vnd.oci.image.manifest.v1+json", SUBJECT, 1234), SBOM,
                Instant.parse("2026-12-07T04:00:00.123Z"));
    }

    private static JsonObject json(byte[] body) {
        try (var reader = Json.createReader(new ByteArrayInputStream(body))) {
            return reader.readObject();
        }
    }

    @Test
    void theRegistryRecordsItAsAnSbomAccessoryOfItsSubject() {
        SbomManifest.Built m = built();
        ManifestSummary summary = ManifestSummary.parse(m.body(), m.mediaType());
        assertEquals(SUBJECT, summary.subjectDigest());
        assertEquals("application/vnd.goharbor.harbor.sbom.v1", summary.artifactType());
        assertEquals(true, Accessories.isAccessory(summary, null));
    }

    @Test
    void configIsTheOciEmptyDescriptorAndTheOneLayerIsTheCycloneDxDocument() throws Exception {
        JsonObject m = json(built().body());
        assertEquals(2, m.getInt("schemaVersion"));
        assertEquals("application/vnd.oci.image.manifest.v1+json", m.getString("mediaType"));
        JsonObject config = m.getJsonObject("config");
        assertEquals("application/vnd.oci.empty.v1+json", config.getString("mediaType"));
        assertEquals(OCI_EMPTY_DIGEST, config.getString("digest"));
        assertEquals(2, config.getInt("size"));
        assertEquals(1, m.getJsonArray("layers").size());
        JsonObject layer = m.getJsonArray("layers").getJsonObject(0);
        assertEquals("application/vnd.cyclonedx+json", layer.getString("mediaType"));
        assertEquals("sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(SBOM)), layer.getString("digest"));
        assertEquals(SBOM.length, layer.getInt("size"));
        JsonObject subject = m.getJsonObject("subject");
        assertEquals(1234, subject.getInt("size"));
        assertEquals("application/vnd.oci.image.manifest.v1+json", subject.getString("mediaType"));
    }

    @Test
    void carriesHarborsAnnotationsAndItsOwnDigest() throws Exception {
        SbomManifest.Built m = built();
        JsonObject annotations = json(m.body()).getJsonObject("annotations");
        assertEquals("Harbor", annotations.getString("created-by"));
        assertEquals("2026-12-07T04:00:00Z", annotations.getString("org.opencontainers.artifact.created"));
        assertEquals("CycloneDX JSON SBOM", annotations.getString("org.opencontainers.artifact.description"));
        assertEquals("sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(m.body())), m.digest());
    }

    @Test
    void refusesASubjectWithoutADigest() {
        assertThrows(IllegalArgumentException.class, () -> SbomManifest.build(
                new SbomManifest.Subject("application/vnd.oci.image.manifest.v1+json", null, 1), SBOM, Instant.now()));
    }
}
