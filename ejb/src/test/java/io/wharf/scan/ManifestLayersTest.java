package io.wharf.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ManifestLayersTest {
    private static final String L1 = "sha256:" + "a".repeat(64);
    private static final String L2 = "sha256:" + "b".repeat(64);

    private static ManifestLayers.Parsed parse(String json, String contentType) {
        return ManifestLayers.parse(json.getBytes(StandardCharsets.UTF_8), contentType);
    }

    @Test
    void anImageListsItsFilesystemLayersBottomFirstAndLeavesOutOtherBlobs() {
        ManifestLayers.Parsed p = parse("""
                {"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.v2+json",
                 "config":{"mediaType":"application/vnd.docker.container.image.v1+json","digest":"sha256:cc","size":10},
                 "layers":[
                  {"mediaType":"application/vnd.docker.image.rootfs.diff.tar.gzip","digest":"%s","size":100},
                  {"mediaType":"application/vnd.oci.image.layer.v1.tar+zstd","digest":"%s","size":200},
                  {"mediaType":"application/vnd.in-toto+json","digest":"sha256:dd","size":5}]}
                """.formatted(L1, L2), null);
        assertFalse(p.isIndex());
        assertEquals(List.of(L1, L2), p.layers().stream().map(ManifestLayers.Layer::digest).toList());
        assertEquals(200, p.layers().get(1).size());
    }

    @Test
    void anOciManifestWithoutItsOwnMediaTypeTakesTheContentType() {
        ManifestLayers.Parsed p = parse("{\"schemaVersion\":2,\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar\",\"digest\":\""
                + L1 + "\",\"size\":3}]}", "application/vnd.oci.image.manifest.v1+json; charset=utf-8");
        assertEquals("application/vnd.oci.image.manifest.v1+json", p.mediaType());
    }

    @Test
    void anIndexNamesItsPlatformImagesButNotItsAttestations() {
        ManifestLayers.Parsed p = parse("""
                {"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[
                 {"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"%s","size":1,"platform":{"os":"linux","architecture":"amd64"}},
                 {"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"%s","size":1,"platform":{"os":"linux","architecture":"arm64","variant":"v8"}},
                 {"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:ee","size":1,"platform":{"os":"unknown","architecture":"unknown"},
                  "annotations":{"vnd.docker.reference.type":"attestation-manifest"}}]}
                """.formatted(L1, L2), null);
        assertTrue(p.isIndex());
        assertEquals(List.of("linux/amd64", "linux/arm64/v8"), p.children().stream().map(ManifestLayers.Child::platform).toList());
    }

    @Test
    void schemaOneListsLayersTopFirstSoTheyAreReversed() {
        ManifestLayers.Parsed p = parse("{\"schemaVersion\":1,\"fsLayers\":[{\"blobSum\":\"" + L2 + "\"},{\"blobSum\":\"" + L1 + "\"}]}", null);
        assertEquals(List.of(L1, L2), p.layers().stream().map(ManifestLayers.Layer::digest).toList());
    }

    @Test
    void whatIsNotAManifestIsRefusedWithAReason() {
        IllegalArgumentException notJson = assertThrows(IllegalArgumentException.class, () -> parse("<html>", null));
        assertTrue(notJson.getMessage().contains("not a JSON object"));
        IllegalArgumentException noLayers = assertThrows(IllegalArgumentException.class, () -> parse("{\"schemaVersion\":2}", null));
        assertTrue(noLayers.getMessage().contains("no layers"));
    }
}
