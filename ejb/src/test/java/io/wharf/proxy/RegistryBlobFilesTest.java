package io.wharf.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The move of a checked spool file into Distribution 2.8's filesystem layout (what its registry reads). */
class RegistryBlobFilesTest {
    /** sha256 of the three bytes "abc" (FIPS 180-2, appendix B.1). */
    private static final String ABC = "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
    private static final String HEX = ABC.substring(7);

    private static RegistryBlobFiles at(Path root) {
        RegistryBlobFiles files = new RegistryBlobFiles();
        files.registryRoot = Optional.of(root.toString());
        return files;
    }

    @Test
    void aSpoolFileBecomesTheBlobAndTheRepositoryLinksIt(@TempDir Path root) throws Exception {
        Path v2 = Files.createDirectories(root.resolve("docker/registry/v2"));
        RegistryBlobFiles files = at(root);
        Path spool = Files.createTempFile(files.spoolDir().orElseThrow(), "blob-", ".part");
        Files.writeString(spool, "abc");
        Path data = files.place("hub/library/alpine", ABC, spool).orElseThrow();
        assertEquals(v2.resolve("blobs/sha256/ba/" + HEX + "/data"), data);
        assertEquals("abc", Files.readString(data));
        assertFalse(Files.exists(spool), "moved, not copied");
        assertEquals(ABC, Files.readString(v2.resolve("repositories/hub/library/alpine/_layers/sha256/" + HEX + "/link")));
        assertEquals(root.resolve("wharf-proxy-spool"), spool.getParent(), "spool files sit beside the storage");

        // A blob the storage already has is only linked into another repository; its bytes stay as they are.
        Path again = Files.createTempFile(files.spoolDir().orElseThrow(), "blob-", ".part");
        Files.writeString(again, "abc");
        assertTrue(files.place("hub/other", ABC, again).isPresent());
        assertEquals(ABC, Files.readString(v2.resolve("repositories/hub/other/_layers/sha256/" + HEX + "/link")));
        assertEquals("abc", Files.readString(data));
    }

    @Test
    void namesTheRegistryWouldNotTakeAndAMissingStorageAreLeftToTheUpload(@TempDir Path root) throws Exception {
        Path spool = Files.writeString(root.resolve("blob-1.part"), "abc");
        assertTrue(at(root).place("hub/app", ABC, spool).isEmpty(), "no storage under the root");
        assertTrue(at(root).spoolDir().isEmpty());
        Files.createDirectories(root.resolve("docker/registry/v2"));
        assertTrue(at(root).place("hub/../../etc", ABC, spool).isEmpty());
        assertTrue(at(root).place("hub/app", "sha256:ABC", spool).isEmpty());
        assertTrue(Files.exists(spool), "an unplaced spool is left for the upload");
    }

    @Test
    void spoolFilesAbandonedLongAgoAreSweptAtTheFirstUse(@TempDir Path root) throws Exception {
        Files.createDirectories(root.resolve("docker/registry/v2"));
        Path dir = Files.createDirectories(root.resolve("wharf-proxy-spool"));
        Path old = Files.writeString(dir.resolve("blob-old.part"), "x");
        Files.setLastModifiedTime(old, FileTime.from(Instant.now().minus(RegistryBlobFiles.ABANDONED).minusSeconds(60)));
        Path fresh = Files.writeString(dir.resolve("blob-fresh.part"), "y");
        at(root).spoolDir();
        assertFalse(Files.exists(old));
        assertTrue(Files.exists(fresh), "a fetch in progress keeps its file");
    }
}
