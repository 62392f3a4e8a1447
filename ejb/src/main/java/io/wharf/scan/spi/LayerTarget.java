package io.wharf.scan.spi;

/**
 * One layer to scan, bottom first.
 *
 * @param digest    the blob digest ({@code sha256:...})
 * @param mediaType as the manifest lists it
 * @param size      bytes, or -1 when unknown
 * @param url       the registry's blob URL ({@code http://127.0.0.1:PORT/v2/REPO/blobs/DIGEST}), readable with
 *                  {@link ScanTarget#authorization()}
 */
public record LayerTarget(String digest, String mediaType, long size, String url) {}
