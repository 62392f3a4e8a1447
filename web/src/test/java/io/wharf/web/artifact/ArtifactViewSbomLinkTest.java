package io.wharf.web.artifact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.wharf.web.scan.SbomViews;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** An artifact with a generated SBOM lists Harbor's {@code sbom} addition link next to its others. */
class ArtifactViewSbomLinkTest {
    private static final String DIGEST = "sha256:" + "ab".repeat(32);
    private static final String BASE = "/api/v2.0/projects/p/repositories/app/artifacts/" + DIGEST + "/additions/";

    private static RepositoryResource.ArtifactView artifact() {
        Map<String, RepositoryResource.AdditionLink> links = new LinkedHashMap<>();
        links.put("build_history", new RepositoryResource.AdditionLink(BASE + "build_history", false));
        links.put("vulnerabilities", new RepositoryResource.AdditionLink(BASE + "vulnerabilities", false));
        return new RepositoryResource.ArtifactView(1L, "IMAGE", 1L, 1L, "p/app", DIGEST, "application/vnd.oci.image.manifest.v1+json",
                "application/vnd.oci.image.manifest.v1+json", "application/vnd.oci.image.manifest.v1+json", 10, "", Instant.EPOCH, null,
                Map.of(), Map.of(), List.of(), List.of(), links, List.of(), List.of(), List.of(), null, null, null);
    }

    private static SbomViews.OverviewView overview(String status, String sbomDigest) {
        return new SbomViews.OverviewView(Instant.EPOCH, Instant.EPOCH, status, sbomDigest, "r1", 0L, null);
    }

    @Test
    void aGeneratedSbomAddsTheSbomLinkBesideTheOthers() {
        RepositoryResource.ArtifactView v = artifact().withSbomOverview(overview("Success", "sha256:" + "cd".repeat(32)));
        assertEquals(List.of("build_history", "vulnerabilities", "sbom"), List.copyOf(v.additionLinks().keySet()));
        assertEquals(BASE + "sbom", v.additionLinks().get("sbom").href());
        assertFalse(v.additionLinks().get("sbom").absolute());
    }

    @Test
    void aGenerationWithoutDocumentAddsNoLink() {
        RepositoryResource.ArtifactView v = artifact().withSbomOverview(overview("Error", null));
        assertFalse(v.additionLinks().containsKey("sbom"));
        assertEquals("Error", v.sbomOverview().scanStatus());
    }
}
