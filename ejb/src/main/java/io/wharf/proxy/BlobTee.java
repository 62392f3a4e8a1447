package io.wharf.proxy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * One pass over an upstream blob: every byte goes to the client and to a spool (a file the cache
 * stores later) and is hashed on the way. The client is always one read behind: its last bytes
 * are written only once the whole blob hashed to the digest it was asked for, so a client never
 * receives a complete body that is not the blob (it gets a short one and an aborted response
 * instead). A client that goes away does not stop the copy: the spool is still filled for the
 * next one. Memory: two buffers, whatever the blob's size.
 */
final class BlobTee {
    /** Bytes per read: few enough calls per GiB that the copy's overhead is the copying itself. */
    static final int BUFFER = 256 * 1024;

    /** What the pass found: whether the blob hashed to its digest, and what the client's side did. */
    record Result(boolean verified, String actualDigest, long bytes, IOException clientFailure) {}

    /** The upstream's blob hashed to another digest: the client's response is cut short. */
    static final class DigestMismatch extends IOException {
        DigestMismatch(String expected, String actual) {
            super("the upstream's blob " + expected + " hashed to " + actual + "; the answer was cut short");
        }
    }

    private BlobTee() { }

    /**
     * Copies {@code in} to {@code spool} and {@code client}. Returns once the blob is read whole
     * (an exception reading it or writing the spool propagates). The client's side never throws
     * here; its failure is in the result.
     */
    static Result copy(InputStream in, OutputStream spool, OutputStream client, String expectedDigest) throws IOException {
        MessageDigest sha = sha256();
        byte[] current = new byte[BUFFER];
        byte[] held = new byte[BUFFER];
        int heldLength = 0;
        long total = 0;
        IOException clientFailure = null;
        int read;
        while ((read = in.readNBytes(current, 0, BUFFER)) > 0) {
            sha.update(current, 0, read);
            spool.write(current, 0, read);
            total += read;
            if (heldLength > 0 && clientFailure == null) clientFailure = write(client, held, heldLength);
            byte[] swap = held;
            held = current;
            current = swap;
            heldLength = read;
        }
        spool.flush();
        String actual = "sha256:" + HexFormat.of().formatHex(sha.digest());
        boolean verified = actual.equals(expectedDigest);
        if (verified && clientFailure == null) {
            if (heldLength > 0) clientFailure = write(client, held, heldLength);
            if (clientFailure == null) {
                try {
                    client.flush();
                } catch (IOException e) {
                    clientFailure = e;
                }
            }
        }
        return new Result(verified, actual, total, clientFailure);
    }

    private static IOException write(OutputStream client, byte[] bytes, int length) {
        try {
            client.write(bytes, 0, length);
            return null;
        } catch (IOException e) {
            return e;
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
