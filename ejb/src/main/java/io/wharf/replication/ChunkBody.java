package io.wharf.replication;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.AbstractHttpEntity;

/**
 * One chunk of a blob upload, of a known length, written to the connection in pieces of up to
 * {@link #WRITE} bytes. HttpClient's own {@code InputStreamEntity} copies 4 KiB at a time through its
 * 8 KiB session buffer: thousands of small socket writes per chunk, each read as a small piece by
 * the registry at the other end. Writes this large pass that buffer untouched (the gateway's
 * request bodies go out the same way). Read once; never more than one piece in memory.
 */
final class ChunkBody extends AbstractHttpEntity {
    static final int WRITE = 256 * 1024;

    private final InputStream in;
    private final long length;

    ChunkBody(InputStream in, long length) {
        super(ContentType.APPLICATION_OCTET_STREAM, null, false);
        this.in = in;
        this.length = length;
    }

    @Override public long getContentLength() { return length; }
    @Override public InputStream getContent() { return in; }
    @Override public boolean isStreaming() { return true; }
    @Override public boolean isRepeatable() { return false; }

    @Override
    public void writeTo(OutputStream out) throws IOException {
        byte[] buffer = new byte[(int) Math.max(1, Math.min(WRITE, length))];
        long left = length;
        while (left > 0) {
            int filled = in.readNBytes(buffer, 0, (int) Math.min(buffer.length, left));
            if (filled <= 0) throw new IOException("the source blob ended " + left + " bytes early");
            out.write(buffer, 0, filled);
            left -= filled;
        }
    }

    /** The chunk's source stream goes on to the next chunk: closing the entity leaves it open. */
    @Override public void close() { }
}
