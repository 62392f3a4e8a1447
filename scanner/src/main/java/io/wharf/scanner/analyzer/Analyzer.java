package io.wharf.scanner.analyzer;

import java.io.IOException;
import java.io.InputStream;

/**
 * Reads one kind of file. The layer reader offers every regular file whose path an analyzer {@linkplain #accepts
 * accepts}; the analyzer reads the stream (it must not close it) and keeps memory bounded: stream big files, buffer
 * only small ones through {@link SmallFile}.
 */
public interface Analyzer {
    /** @param path normalised path inside the image, without leading {@code /} or {@code ./} */
    boolean accepts(String path);

    /**
     * @param size size from the tar header, or -1 when unknown
     * @throws IOException when the file cannot be read; the layer reader logs it and carries on
     */
    FileFacts analyze(String path, InputStream content, long size) throws IOException;
}
