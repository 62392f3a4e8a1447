package io.wharf.scan.spi;

import java.util.List;

/**
 * One image to scan.
 *
 * @param registryUrl   base URL of the registry that holds it, e.g. {@code http://127.0.0.1:5000}
 * @param repository    e.g. {@code library/alpine}
 * @param digest        the image manifest's digest (for an index: the platform image's own manifest)
 * @param mediaType     the manifest's media type
 * @param layers        layers bottom first
 * @param authorization the {@code Authorization} header value that reads the manifest and its blobs
 *                      ({@code Bearer <pull token>}); short-lived, never logged
 */
public record ScanTarget(String registryUrl, String repository, String digest, String mediaType,
                         List<LayerTarget> layers, String authorization) {
    public ScanTarget {
        layers = List.copyOf(layers);
    }

    @Override
    public String toString() {
        return "ScanTarget[" + repository + "@" + digest + ", " + layers.size() + " layers]";
    }
}
