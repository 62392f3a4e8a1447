package io.wharf.gc;

import java.nio.file.Path;

/**
 * Where Distribution 2.8's filesystem storage keeps things, for the parts of Wharf that read or write
 * it beside the registry (garbage collection, blob sizes for quotas, the proxy cache's stored blobs).
 */
public final class RegistryLayout {
    private RegistryLayout() {}

    /** The storage's {@code docker/registry/v2} under the registry's {@code rootdirectory}. */
    public static Path v2(Path rootDirectory) { return rootDirectory.resolve("docker/registry/v2"); }

    /** The bytes of the blob whose sha256 is {@code hex}. */
    public static Path blobData(Path v2, String hex) {
        return v2.resolve("blobs/sha256").resolve(hex.substring(0, 2)).resolve(hex).resolve("data");
    }

    /** The link that makes the blob {@code hex} part of {@code repository}. */
    public static Path layerLink(Path v2, String repository, String hex) {
        return v2.resolve("repositories").resolve(repository).resolve("_layers/sha256").resolve(hex).resolve("link");
    }
}
