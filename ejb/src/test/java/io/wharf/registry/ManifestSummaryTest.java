package io.wharf.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ManifestSummaryTest {
    @Test
    void dockerSchema2ImageSumsConfigAndLayers() {
        String m = """
                {"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.v2+json",
                 "config":{"mediaType":"application/vnd.docker.container.image.v1+json","size":1469,"digest":"sha256:c0"},
                 "layers":[{"mediaType":"application/vnd.docker.image.rootfs.diff.tar.gzip","size":2479,"digest":"sha256:l1"},
                           {"mediaType":"application/vnd.docker.image.rootfs.diff.tar.gzip","size":100,"digest":"sha256:l2"}]}""";
        byte[] body = m.getBytes(StandardCharsets.UTF_8);
        ManifestSummary s = ManifestSummary.parse(body, "application/vnd.docker.distribution.manifest.v2+json");
        assertEquals(ManifestSummary.DOCKER_V2, s.mediaType());
        assertEquals("application/vnd.docker.container.image.v1+json", s.configMediaType());
        assertEquals("sha256:c0", s.configDigest());
        assertEquals(List.of("sha256:l1", "sha256:l2"), s.references());
        assertEquals(body.length + 1469 + 2479 + 100, s.totalSize());
        assertFalse(s.isIndex());
    }

    @Test
    void ociManifestWithoutMediaTypeFieldTakesTheContentType() {
        byte[] body = "{\"schemaVersion\":2,\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"size\":2,\"digest\":\"sha256:c\"},\"layers\":[]}"
                .getBytes(StandardCharsets.UTF_8);
        ManifestSummary s = ManifestSummary.parse(body, "application/vnd.oci.image.manifest.v1+json; charset=utf-8");
        assertEquals(ManifestSummary.OCI_MANIFEST, s.mediaType());
        assertEquals(List.of(), s.references());
    }

    @Test
    void indexListsItsManifests() {
        byte[] body = ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"manifests\":["
                + "{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"size\":500,\"digest\":\"sha256:amd\",\"platform\":{\"os\":\"linux\",\"architecture\":\"amd64\"}},"
                + "{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"size\":501,\"digest\":\"sha256:arm\"}]}").getBytes(StandardCharsets.UTF_8);
        ManifestSummary s = ManifestSummary.parse(body, null);
        assertTrue(s.isIndex());
        assertEquals(List.of("sha256:amd", "sha256:arm"), s.references());
        assertEquals(body.length + 1001, s.totalSize());
        assertEquals(null, s.configDigest());
    }

    @Test
    void aReferrerNamesItsSubject() {
        // The shape of the OCI image spec 1.1 example of an artifact manifest with a subject.
        byte[] body = ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                + "\"artifactType\":\"application/vnd.example.sbom.v1\","
                + "\"config\":{\"mediaType\":\"application/vnd.oci.empty.v1+json\",\"digest\":\"sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a\",\"size\":2},"
                + "\"layers\":[{\"mediaType\":\"application/spdx+json\",\"digest\":\"sha256:e258d248fda94c63753607f7c4494ee0fcbe92f1a76bfdac795c9d84101eb317\",\"size\":1234}],"
                + "\"subject\":{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"sha256:5b0bcabd1ed22e9fb1310cf6c2dec7cdef19f0ad69efa1f392e94a4333501270\",\"size\":7682}}")
                .getBytes(StandardCharsets.UTF_8);
        ManifestSummary s = ManifestSummary.parse(body, null);
        assertEquals("sha256:5b0bcabd1ed22e9fb1310cf6c2dec7cdef19f0ad69efa1f392e94a4333501270", s.subjectDigest());
        assertEquals(List.of("sha256:e258d248fda94c63753607f7c4494ee0fcbe92f1a76bfdac795c9d84101eb317"), s.references());
        assertEquals(body.length + 2 + 1234, s.totalSize(), "the subject is another artifact: its size is not this one's");
        assertEquals(null, ManifestSummary.parse("{\"schemaVersion\":2,\"layers\":[]}".getBytes(StandardCharsets.UTF_8), null).subjectDigest());
    }

    @Test
    void aReferrersDescriptorTakesArtifactTypeFromTheFieldElseTheConfigAndKeepsAnnotations() {
        byte[] typed = ("{\"schemaVersion\":2,\"artifactType\":\"application/vnd.example.sbom.v1\","
                + "\"config\":{\"mediaType\":\"application/vnd.oci.empty.v1+json\",\"digest\":\"sha256:44\",\"size\":2},"
                + "\"layers\":[],\"annotations\":{\"org.opencontainers.image.created\":\"2026-12-07T00:00:00Z\"}}")
                .getBytes(StandardCharsets.UTF_8);
        ManifestSummary s = ManifestSummary.parse(typed, "application/vnd.oci.image.manifest.v1+json");
        assertEquals("application/vnd.example.sbom.v1", s.artifactType());
        assertEquals(typed.length, s.manifestSize());
        assertEquals("{\"org.opencontainers.image.created\":\"2026-12-07T00:00:00Z\"}", s.annotations());
        byte[] byConfig = ("{\"schemaVersion\":2,\"config\":{\"mediaType\":\"application/vnd.dev.cosign.artifact.sig.v1+json\","
                + "\"digest\":\"sha256:44\",\"size\":2},\"layers\":[]}").getBytes(StandardCharsets.UTF_8);
        ManifestSummary c = ManifestSummary.parse(byConfig, null);
        assertEquals("application/vnd.dev.cosign.artifact.sig.v1+json", c.artifactType());
        assertEquals(null, c.annotations());
    }

    @Test
    void notJsonIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> ManifestSummary.parse("<html>".getBytes(StandardCharsets.UTF_8), null));
        assertThrows(IllegalArgumentException.class, () -> ManifestSummary.parse("[1,2]".getBytes(StandardCharsets.UTF_8), null));
    }

    @Test
    void knowsWhichMediaTypesAreManifests() {
        assertTrue(ManifestSummary.isManifest("application/vnd.oci.image.index.v1+json"));
        assertFalse(ManifestSummary.isManifest("application/octet-stream"));
        assertFalse(ManifestSummary.isManifest(null));
    }
}
