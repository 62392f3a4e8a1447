package io.wharf.scanner.layer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.wharf.scanner.analyzer.Analyzers;
import io.wharf.scanner.support.JarBuilder;
import io.wharf.scanner.support.LayerBuilder;
import io.wharf.scanner.support.LayerBuilder.Compression;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ReadAheadInputStreamTest {
    @Test
    void givesTheSameBytesWithReadsAndSkipsAcrossChunks() throws IOException {
        byte[] data = new byte[ReadAheadInputStream.CHUNK * 3 + 12345];
        new Random(42).nextBytes(data);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InputStream in = new ReadAheadInputStream(new ByteArrayInputStream(data), "test")) {
            out.write(in.read());
            byte[] buf = new byte[1000];
            int n = in.read(buf);
            out.write(buf, 0, n);
            long skipped = in.skip(ReadAheadInputStream.CHUNK + 7);
            out.write(new byte[(int) skipped]); // skipped bytes stand in as zeros below
            in.transferTo(out);
        }
        byte[] expected = data.clone();
        Arrays.fill(expected, 1 + 1000, 1 + 1000 + ReadAheadInputStream.CHUNK + 7, (byte) 0);
        assertArrayEquals(expected, out.toByteArray());
    }

    @Test
    void aFailureOfTheWrappedStreamReachesTheReader() {
        InputStream failing = new InputStream() {
            private int left = ReadAheadInputStream.CHUNK + 10;

            @Override
            public int read() throws IOException {
                if (left <= 0) {
                    throw new IOException("connection reset");
                }
                left--;
                return 1;
            }
        };
        IOException e = assertThrows(IOException.class, () -> {
            try (InputStream in = new ReadAheadInputStream(failing, "test")) {
                in.transferTo(OutputStreamNull.INSTANCE);
            }
        });
        assertEquals("connection reset", e.getMessage());
    }

    @Test
    void closingEarlyStopsTheReader() throws IOException {
        byte[] data = new byte[ReadAheadInputStream.CHUNK * (ReadAheadInputStream.DEPTH + 4)];
        InputStream in = new ReadAheadInputStream(new ByteArrayInputStream(data), "test");
        assertEquals(0, in.read());
        in.close(); // returns once the reader thread has stopped (it would otherwise block on the full queue)
        assertThrows(IOException.class, in::read);
    }

    @Test
    void layerReadAheadGivesTheSameInventory() throws IOException {
        byte[] layer = new LayerBuilder()
                .file("usr/lib/os-release", "ID=debian\nVERSION_ID=\"12\"\nVERSION_CODENAME=bookworm\n")
                .file("big/blob.bin", new byte[ReadAheadInputStream.CHUNK * 2 + 3])
                .file("var/lib/dpkg/status", "Package: tar\nStatus: install ok installed\nVersion: 1.34\n\n")
                .file("opt/app.jar", JarBuilder.mavenJar("org.example", "app", "1.0"))
                .file("srv/node_modules/lodash/package.json", "{\"name\":\"lodash\",\"version\":\"4.17.15\"}")
                .build(Compression.GZIP);
        LayerReader reader = new LayerReader(Analyzers.defaults());
        LayerInventory plain = reader.read("sha256:x", new ByteArrayInputStream(layer), false);
        LayerInventory ahead = reader.read("sha256:x", new ByteArrayInputStream(layer), true);
        assertEquals(plain, ahead);
        assertEquals(4, ahead.files().size());
    }

    private static final class OutputStreamNull extends java.io.OutputStream {
        static final OutputStreamNull INSTANCE = new OutputStreamNull();

        @Override
        public void write(int b) {
        }
    }
}
