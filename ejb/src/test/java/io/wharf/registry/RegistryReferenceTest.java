package io.wharf.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RegistryReferenceTest {
    private static final String SHA = "sha256:" + "ab".repeat(32);

    private static String code(String path) {
        return RegistryReference.check(path, "hpc/app").map(RegistryReference.Problem::code).orElse("ok");
    }

    @Test
    void validReferencesPass() {
        assertEquals("ok", code("hpc/app/manifests/v1.0_rc-1"));
        assertEquals("ok", code("hpc/app/manifests/" + SHA));
        assertEquals("ok", code("hpc/app/blobs/" + SHA));
        assertEquals("ok", code("hpc/app/blobs/uploads/"));
        assertEquals("ok", code("hpc/app/blobs/uploads/abc-uuid"));
        assertEquals("ok", code("hpc/app/tags/list"));
    }

    @Test
    void malformedDigestsAndTagsAreNamed() {
        assertEquals("DIGEST_INVALID", code("hpc/app/blobs/sha256:short"));
        assertEquals("DIGEST_INVALID", code("hpc/app/blobs/notadigest"));
        assertEquals("DIGEST_INVALID", code("hpc/app/blobs/sha256:" + "AB".repeat(32)));
        assertEquals("DIGEST_INVALID", code("hpc/app/manifests/sha256:xyz"));
        assertEquals("TAG_INVALID", code("hpc/app/manifests/.hidden"));
        assertEquals("TAG_INVALID", code("hpc/app/manifests/" + "t".repeat(129)));
    }

    @Test
    void otherAlgorithmsFollowTheGeneralGrammar() {
        assertTrue(RegistryReference.validDigest("sha512:" + "0".repeat(128)));
        assertTrue(RegistryReference.validDigest("multihash+base58:QmRZxt2b1FVZPNqd8hsiykDL3TdBDeTSPX9Kv46HmX4Gx8"));
    }

    private static String answer(String method, String path) {
        return RegistryReference.check(method, RegistryRequest.of(method, path).orElseThrow())
                .map(p -> p.status() + " " + p.code()).orElse("ok");
    }

    @Test
    void aManifestReadUnderANameThatCannotBeATagIsUnknownButPushingUnderItIsRefused() {
        assertEquals("404 MANIFEST_UNKNOWN", answer("GET", "hpc/app/manifests/.INVALID_MANIFEST_NAME"));
        assertEquals("404 MANIFEST_UNKNOWN", answer("HEAD", "hpc/app/manifests/.INVALID_MANIFEST_NAME"));
        assertEquals("400 TAG_INVALID", answer("PUT", "hpc/app/manifests/.INVALID_MANIFEST_NAME"));
        assertEquals("400 DIGEST_INVALID", answer("GET", "hpc/app/manifests/sha256:totallywrong"));
        assertEquals("ok", answer("GET", "hpc/app/manifests/v1"));
    }

    @Test
    void referrersNeedAWellFormedDigest() {
        assertEquals("ok", answer("GET", "hpc/app/referrers/" + SHA));
        assertEquals("400 DIGEST_INVALID", answer("GET", "hpc/app/referrers/latest"));
    }
}
