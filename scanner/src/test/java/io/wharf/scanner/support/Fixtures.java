package io.wharf.scanner.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Real files copied into the test resources: Python metadata and lock files (see each folder's README.md). */
public final class Fixtures {
    private Fixtures() {
    }

    public static Path root(String folder) {
        try {
            return Path.of(Fixtures.class.getResource("/" + folder).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    public static byte[] bytes(String resource) {
        try {
            return Files.readAllBytes(root(resource));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Debian bookworm's Python metadata files, as paths relative to {@code dist-packages}. */
    public static List<String> debianPythonMetadata() {
        Path base = root("python/debian-bookworm");
        try (Stream<Path> files = Files.walk(base)) {
            return files.filter(Files::isRegularFile).map(p -> base.relativize(p).toString().replace('\\', '/'))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Debian's {@code dist-packages} with every fixture metadata file, as a layer would hold them. */
    public static LayerBuilder debianDistPackages(LayerBuilder layer) {
        for (String f : debianPythonMetadata()) {
            layer.file("usr/lib/python3/dist-packages/" + f, bytes("python/debian-bookworm/" + f));
        }
        return layer;
    }
}
