package io.wharf.scanner.rpmdb;

import java.io.IOException;

/** Receives each package header blob a database file holds. */
@FunctionalInterface
public interface BlobConsumer {
    void accept(byte[] blob) throws IOException;
}
