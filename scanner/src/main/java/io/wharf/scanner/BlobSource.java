package io.wharf.scanner;

import java.io.IOException;
import java.io.InputStream;

/** Opens the bytes of a layer, e.g. a streamed HTTP response from the registry or a file of an OCI layout. */
@FunctionalInterface
public interface BlobSource {
    /** Opens a fresh stream over the (possibly compressed) layer; the scanner closes it. */
    InputStream open(LayerRef layer) throws IOException;
}
