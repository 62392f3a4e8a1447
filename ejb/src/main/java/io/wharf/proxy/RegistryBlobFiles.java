package io.wharf.proxy;

import io.wharf.gc.RegistryLayout;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Puts a digest-checked spool file into Wharf's registry by moving it into Distribution 2.8's
 * filesystem storage, where the registry runs beside Wharf ({@code wharf.gc.registry.root}, which
 * bin/wharf sets and garbage collection already prunes). An upload through the registry's API reads
 * the file again, sends it over loopback and has the registry hash and write it a second time:
 * about 4 CPU-seconds per GiB (Liberty and the registry, bench/proxy), after every miss. Here the file is renamed to
 * {@code blobs/sha256/<xx>/<hex>/data} (one atomic rename on the same filesystem; a blob already
 * there is kept and the spool dropped), then the repository's layer link is written the same way,
 * so the registry never sees half a blob. The spool files live beside that storage so that the
 * rename stays on one filesystem.
 */
@ApplicationScoped
public class RegistryBlobFiles {
    private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");
    /** Distribution's repository names: path components of lower-case letters and digits with separators. */
    private static final Pattern REPOSITORY = Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*");

    @Inject @ConfigProperty(name = "wharf.gc.registry.root")
    Optional<String> registryRoot;

    /** Set once a placed blob was not seen by the registry: the storage is not the registry's, uploads from then on. */
    private volatile boolean disabled;

    /** The registry's storage ({@code .../docker/registry/v2}), when it is here to write to. */
    private Optional<Path> v2() {
        if (disabled) return Optional.empty();
        return registryRoot.filter(s -> !s.isBlank()).map(Path::of)
                .map(RegistryLayout::v2).filter(Files::isDirectory);
    }

    /** A spool file older than this was left by a server that stopped mid-fetch: removed. */
    static final java.time.Duration ABANDONED = java.time.Duration.ofHours(1);

    private volatile boolean swept;

    /**
     * Where spool files go so that {@link #place} can rename them: beside the registry's storage.
     * The first call sweeps out spool files abandoned there (a fetch in progress writes its file
     * all the time, a finished one is moved away within seconds).
     */
    public Optional<Path> spoolDir() throws IOException {
        Optional<Path> v2 = v2();
        if (v2.isEmpty()) return Optional.empty();
        Path dir = Files.createDirectories(v2.get().getParent().getParent().getParent().resolve("wharf-proxy-spool"));
        if (!swept) {
            swept = true;
            sweep(dir);
        }
        return Optional.of(dir);
    }

    private static void sweep(Path dir) {
        java.time.Instant before = java.time.Instant.now().minus(ABANDONED);
        try (var files = Files.newDirectoryStream(dir, "blob-*.part")) {
            for (Path f : files) {
                try {
                    if (Files.getLastModifiedTime(f).toInstant().isBefore(before)) Files.deleteIfExists(f);
                } catch (IOException e) {
                    // gone already, or not ours to remove: left
                }
            }
        } catch (IOException e) {
            // the next start sweeps again
        }
    }

    /**
     * Moves {@code spool} (whose content hashed to {@code digest}) into the storage and links it
     * into {@code repository}; the path of the blob's bytes there. Empty when it cannot (no storage
     * here, another filesystem, a name it does not take): the spool is then untouched, to be uploaded.
     */
    public Optional<Path> place(String repository, String digest, Path spool) throws IOException {
        Optional<Path> v2 = v2();
        if (v2.isEmpty() || !DIGEST.matcher(digest).matches() || !REPOSITORY.matcher(repository).matches()) return Optional.empty();
        String hex = digest.substring("sha256:".length());
        Path data = RegistryLayout.blobData(v2.get(), hex);
        Files.createDirectories(data.getParent());
        if (!Files.exists(data)) {
            try {
                Files.move(spool, data, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                return Optional.empty();
            } catch (FileAlreadyExistsException e) {
                // another fetch of the same blob placed it first: the same bytes
            }
        }
        Path link = RegistryLayout.layerLink(v2.get(), repository, hex);
        Files.createDirectories(link.getParent());
        Path partial = Files.createTempFile(link.getParent(), "link-", ".part");
        try {
            Files.writeString(partial, digest, StandardCharsets.US_ASCII);
            Files.move(partial, link, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(partial);
        }
        return Optional.of(data);
    }

    /** The registry did not see a placed blob: this storage is not its own, so uploads are used from now on. */
    void notSeenByRegistry() { disabled = true; }
}
