/** Streams layer tarballs (gzip, zstd or plain), runs the analyzers on them and merges layers with their whiteouts. */
package io.wharf.scanner.layer;
