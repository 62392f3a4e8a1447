package io.wharf.scanner.image;

import io.wharf.scanner.BlobSource;
import io.wharf.scanner.LayerRef;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** An image on disk: its layers, bottom first, and where their bytes are. */
public interface LocalImage extends AutoCloseable {
    List<LayerRef> layers();

    BlobSource blobs();

    @Override
    void close() throws IOException;

    /**
     * Opens {@code PATH} or {@code PATH:tag}: a directory is an OCI image layout, a file a docker-archive tarball.
     *
     * @throws IOException with a message fit for users when it is neither
     */
    static LocalImage open(String spec) throws IOException {
        Path path = Path.of(spec);
        String tag = null;
        if (!Files.exists(path)) {
            int colon = spec.lastIndexOf(':');
            if (colon > 0) {
                path = Path.of(spec.substring(0, colon));
                tag = spec.substring(colon + 1);
            }
        }
        if (Files.isDirectory(path)) {
            return OciLayoutImage.open(path, tag);
        }
        if (Files.isRegularFile(path)) {
            return DockerArchiveImage.open(path, tag);
        }
        throw new IOException("no such image: " + spec + " (expected an OCI layout directory or a docker-archive tarball)");
    }
}
