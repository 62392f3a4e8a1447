package io.wharf.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wharf.project.ProjectRole.Action;
import io.wharf.registry.RegistryRequest.Kind;
import io.wharf.registry.RegistryRequest.Section;
import org.junit.jupiter.api.Test;

class RegistryRequestTest {
    @Test
    void readsRepositoryAndActionFromPathAndMethod() {
        assertEquals(new RegistryRequest(Kind.REPOSITORY, "hpc/app", Action.PULL, Section.MANIFESTS, "v1"),
                RegistryRequest.of("GET", "hpc/app/manifests/v1").orElseThrow());
        assertEquals(new RegistryRequest(Kind.REPOSITORY, "hpc/app", Action.PULL, Section.BLOBS, "sha256:abc"),
                RegistryRequest.of("HEAD", "hpc/app/blobs/sha256:abc").orElseThrow());
        assertEquals(new RegistryRequest(Kind.REPOSITORY, "hpc/tools/gcc", Action.PUSH, Section.UPLOADS, ""),
                RegistryRequest.of("POST", "hpc/tools/gcc/blobs/uploads/").orElseThrow());
        assertEquals(new RegistryRequest(Kind.REPOSITORY, "hpc/app", Action.PUSH, Section.UPLOADS, "0b1c-uuid"),
                RegistryRequest.of("PATCH", "hpc/app/blobs/uploads/0b1c-uuid").orElseThrow());
        assertEquals(new RegistryRequest(Kind.REPOSITORY, "hpc/app", Action.DELETE, Section.MANIFESTS, "sha256:abc"),
                RegistryRequest.of("DELETE", "hpc/app/manifests/sha256:abc").orElseThrow());
        assertEquals(new RegistryRequest(Kind.REPOSITORY, "hpc/app", Action.PULL, Section.TAGS, "list"),
                RegistryRequest.of("GET", "hpc/app/tags/list").orElseThrow());
    }

    @Test
    void aRepositoryNamedLikeAnApiSegmentIsStillFound() {
        assertEquals("hpc/manifests", RegistryRequest.of("GET", "hpc/manifests/manifests/v1").orElseThrow().repository());
    }

    @Test
    void referrersAreReadLikeAManifestPull() {
        assertEquals(new RegistryRequest(Kind.REPOSITORY, "hpc/app", Action.PULL, Section.REFERRERS, "sha256:abc"),
                RegistryRequest.of("GET", "hpc/app/referrers/sha256:abc").orElseThrow());
    }

    @Test
    void baseAndCatalog() {
        assertEquals(Kind.BASE, RegistryRequest.of("GET", "").orElseThrow().kind());
        assertEquals(Kind.CATALOG, RegistryRequest.of("GET", "_catalog").orElseThrow().kind());
    }

    @Test
    void unknownPathsAreNotRegistryRequests() {
        assertTrue(RegistryRequest.of("GET", "hpc/app").isEmpty());
        assertTrue(RegistryRequest.of("GET", "manifests/v1").isEmpty());
    }
}
