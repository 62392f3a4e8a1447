package io.wharf.proxy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BlobTeeTest {
    /** sha256 of the empty blob, as every registry names it. */
    private static final String EMPTY = "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    /** sha256 of the three bytes "abc" (FIPS 180-2, appendix B.1). */
    private static final String ABC = "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

    @Test
    void aBlobOfSeveralBuffersReachesClientAndSpoolWhole() throws IOException {
        byte[] blob = new byte[BlobTee.BUFFER * 2 + 12_345];
        new Random(7).nextBytes(blob);
        String digest = "sha256:" + java.util.HexFormat.of().formatHex(sha(blob));
        ByteArrayOutputStream spool = new ByteArrayOutputStream();
        ByteArrayOutputStream client = new ByteArrayOutputStream();
        BlobTee.Result r = BlobTee.copy(new ByteArrayInputStream(blob), spool, client, digest);
        assertTrue(r.verified());
        assertNull(r.clientFailure());
        assertEquals(blob.length, r.bytes());
        assertArrayEquals(blob, client.toByteArray());
        assertArrayEquals(blob, spool.toByteArray());
    }

    @Test
    void aBlobThatIsNotItsDigestNeverReachesTheClientWhole() throws IOException {
        byte[] blob = new byte[BlobTee.BUFFER + 100];
        new Random(8).nextBytes(blob);
        ByteArrayOutputStream spool = new ByteArrayOutputStream();
        ByteArrayOutputStream client = new ByteArrayOutputStream();
        BlobTee.Result r = BlobTee.copy(new ByteArrayInputStream(blob), spool, client, ABC);
        assertFalse(r.verified());
        assertTrue(client.size() < blob.length, "the client got " + client.size() + " of " + blob.length + " bytes");
        assertEquals(blob.length, spool.size());

        // A small blob (one read) that is not its digest: the client gets nothing at all.
        ByteArrayOutputStream small = new ByteArrayOutputStream();
        assertFalse(BlobTee.copy(new ByteArrayInputStream("abd".getBytes()), new ByteArrayOutputStream(), small, ABC).verified());
        assertEquals(0, small.size());
    }

    @Test
    void smallAndEmptyBlobsAreCheckedAgainstTheirKnownDigests() throws IOException {
        ByteArrayOutputStream client = new ByteArrayOutputStream();
        assertTrue(BlobTee.copy(new ByteArrayInputStream("abc".getBytes()), new ByteArrayOutputStream(), client, ABC).verified());
        assertEquals("abc", client.toString());
        ByteArrayOutputStream none = new ByteArrayOutputStream();
        BlobTee.Result empty = BlobTee.copy(new ByteArrayInputStream(new byte[0]), new ByteArrayOutputStream(), none, EMPTY);
        assertTrue(empty.verified());
        assertEquals(0, none.size());
    }

    @Test
    void aClientThatGoesAwayDoesNotStopTheSpool() throws IOException {
        byte[] blob = new byte[BlobTee.BUFFER * 3];
        new Random(9).nextBytes(blob);
        String digest = "sha256:" + java.util.HexFormat.of().formatHex(sha(blob));
        ByteArrayOutputStream spool = new ByteArrayOutputStream();
        OutputStream gone = new OutputStream() {
            @Override public void write(int b) throws IOException { throw new IOException("Broken pipe"); }
            @Override public void write(byte[] b, int off, int len) throws IOException { throw new IOException("Broken pipe"); }
        };
        BlobTee.Result r = BlobTee.copy(new ByteArrayInputStream(blob), spool, gone, digest);
        assertTrue(r.verified());
        assertNotNull(r.clientFailure());
        assertArrayEquals(blob, spool.toByteArray());
    }

    private static byte[] sha(byte[] bytes) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
