package io.wharf.gc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Distribution 2.8's filesystem layout (as its storage/paths.go lays it out) read and pruned. */
class RegistryStorageTest {
    private static String sha(String s) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    }

    private static Path v2(Path root) { return root.resolve("docker/registry/v2"); }

    private static void blob(Path root, String content) throws Exception {
        String hex = sha(content);
        Path dir = v2(root).resolve("blobs/sha256").resolve(hex.substring(0, 2)).resolve(hex);
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("data"), content);
    }

    private static void link(Path root, String repo, String kind, String hex) throws Exception {
        Path dir = v2(root).resolve("repositories").resolve(repo).resolve(kind).resolve(hex);
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("link"), "sha256:" + hex);
    }

    @Test
    void readsRepositoriesLinksUploadsAndBlobs(@TempDir Path root) throws Exception {
        blob(root, "layer one");
        blob(root, "{\"schemaVersion\":2}");
        link(root, "hpc/tools/gcc", "_layers/sha256", sha("layer one"));
        link(root, "hpc/tools/gcc", "_manifests/revisions/sha256", sha("{\"schemaVersion\":2}"));
        link(root, "hpc/app", "_layers/sha256", sha("layer one"));
        // not a digest: never listed, never removed
        Files.createDirectories(v2(root).resolve("repositories/hpc/app/_layers/sha256/not-a-digest"));
        Path upload = v2(root).resolve("repositories/hpc/app/_uploads/1b4e28ba-2fa1-11d2-883f-0016d3cca427");
        Files.createDirectories(upload);
        Files.writeString(upload.resolve("startedat"), "2026-12-01T10:15:30.123456789Z");
        Files.writeString(upload.resolve("data"), "half a blob");

        RegistryStorage storage = new RegistryStorage(root);
        assertTrue(storage.exists());
        assertEquals(List.of("hpc/app", "hpc/tools/gcc"), storage.repositories().stream().sorted().toList());
        assertEquals(List.of("sha256:" + sha("layer one")), storage.layerLinks("hpc/app").stream().map(RegistryStorage.Entry::digest).toList());
        assertEquals(List.of("sha256:" + sha("{\"schemaVersion\":2}")),
                storage.revisions("hpc/tools/gcc").stream().map(RegistryStorage.Entry::digest).toList());
        List<RegistryStorage.Entry> uploads = storage.uploads("hpc/app");
        assertEquals(1, uploads.size());
        assertEquals(Instant.parse("2026-12-01T10:15:30.123456789Z"), uploads.get(0).modified());
        assertEquals("half a blob".length(), uploads.get(0).size());

        List<RegistryStorage.Entry> blobs = new ArrayList<>();
        storage.blobs(blobs::add);
        assertEquals(2, blobs.size());
        String layer = "sha256:" + sha("layer one");
        assertEquals("layer one".length(), blobs.stream().filter(b -> b.digest().equals(layer)).findFirst().orElseThrow().size());
        assertEquals("{\"schemaVersion\":2}", new String(storage.smallBlob("sha256:" + sha("{\"schemaVersion\":2}"), 100), StandardCharsets.UTF_8));
        assertNull(storage.smallBlob("sha256:" + sha("layer one"), 3), "larger than asked for");
        assertNull(storage.smallBlob("sha256:../../etc", 100));

        RegistryStorage.removeTree(blobs.get(0).path());
        assertFalse(Files.exists(blobs.get(0).path()));
        List<RegistryStorage.Entry> left = new ArrayList<>();
        storage.blobs(left::add);
        assertEquals(1, left.size());
    }

    @Test
    void aRegistryThatStoredNothingYetHasNothing(@TempDir Path root) throws Exception {
        RegistryStorage storage = new RegistryStorage(root);
        assertFalse(storage.exists());
        assertTrue(storage.repositories().isEmpty());
        List<RegistryStorage.Entry> blobs = new ArrayList<>();
        storage.blobs(blobs::add);
        assertTrue(blobs.isEmpty());
    }
}
