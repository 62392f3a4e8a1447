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
     * Whether to read a regular file no analyzer {@linkplain #accepts accepts} by path, judged by its tar mode: for
     * analyzers of executables, which can be anywhere. Such a file is only recorded in the layer's inventory when
     * the analyzer finds packages in it.
     *
     * @param mode permission bits from the tar header ({@code 0755})
     */
    default boolean acceptsExecutable(String path, int mode) {
        return false;
    }

    /**
     * @param size size from the tar header, or -1 when unknown
     * @throws IOException when the file cannot be read; the layer reader logs it and carries on
     */
    FileFacts analyze(String path, InputStream content, long size) throws IOException;
}
