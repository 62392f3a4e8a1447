package io.wharf.scanner.analyzer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads a text file line by line (UTF-8, {@code \n} or {@code \r\n}) holding at most one line of
 * {@code maxLineBytes} in memory: a longer line is cut there and the rest of it skipped, so a lock file of any size
 * is read in bounded memory. The stream is not closed.
 */
final class BoundedLineReader {
    private final InputStream in;
    private final int maxLineBytes;
    private final byte[] buffer = new byte[8192];
    private int pos;
    private int limit;
    private boolean eof;

    BoundedLineReader(InputStream in, int maxLineBytes) {
        this.in = in;
        this.maxLineBytes = maxLineBytes;
    }

    /** The next line without its line end, or null at the end of the file. */
    String next() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(128);
        boolean any = false;
        while (true) {
            if (pos == limit && !fill()) {
                return any ? text(line) : null;
            }
            any = true;
            int start = pos;
            while (pos < limit && buffer[pos] != '\n') {
                pos++;
            }
            int room = maxLineBytes - line.size();
            if (room > 0) {
                line.write(buffer, start, Math.min(room, pos - start));
            }
            if (pos < limit) {
                pos++; // the \n
                return text(line);
            }
        }
    }

    private boolean fill() throws IOException {
        if (eof) {
            return false;
        }
        int n = in.read(buffer);
        if (n <= 0) {
            eof = true;
            return false;
        }
        pos = 0;
        limit = n;
        return true;
    }

    private static String text(ByteArrayOutputStream line) {
        String s = line.toString(StandardCharsets.UTF_8);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }
}
