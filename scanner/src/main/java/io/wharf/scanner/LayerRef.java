package io.wharf.scanner;

import java.util.Objects;

/**
 * One layer of an image as its manifest lists it.
 *
 * @param digest    content digest, e.g. {@code sha256:...}; also the layer cache key, so it must identify the bytes
 * @param mediaType manifest media type (informational: the compression is detected from the bytes)
 * @param size      size in bytes as listed in the manifest, or -1 when unknown
 */
public record LayerRef(String digest, String mediaType, long size) {
    public LayerRef {
        Objects.requireNonNull(digest, "digest");
    }
}
