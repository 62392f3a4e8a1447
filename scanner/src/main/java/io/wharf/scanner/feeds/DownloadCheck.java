package io.wharf.scanner.feeds;

import io.wharf.scanner.JsonSupport;
import jakarta.json.stream.JsonParser;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Enumeration;
import java.util.zip.GZIPInputStream;

/**
 * Checks a downloaded file before anything is imported from it, and names it as the importer expects: gzip is
 * inflated (capped), a zip must have a readable central directory (a cut archive has none) and only safe entry
 * names, anything else must be one complete JSON document.
 */
public final class DownloadCheck {
    private DownloadCheck() {
    }

    /** @return the file to import ({@code .zip} or {@code .json}), in the same folder as {@code downloaded} */
    public static Path prepare(Path downloaded, long maxBytes) throws IOException {
        Path folder = downloaded.getParent();
        Path file = downloaded;
        byte[] head = head(file);
        if (head.length >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b) {
            Path inflated = folder.resolve(downloaded.getFileName() + ".inflated");
            gunzip(file, inflated, maxBytes);
            file = inflated;
            head = head(file);
        }
        if (head.length >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4) {
            Path zip = Files.move(file, folder.resolve(downloaded.getFileName() + ".zip"), StandardCopyOption.REPLACE_EXISTING);
            checkZip(zip);
            return zip;
        }
        checkJson(file);
        return Files.move(file, folder.resolve(downloaded.getFileName() + ".json"), StandardCopyOption.REPLACE_EXISTING);
    }

    private static byte[] head(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(4);
        }
    }

    private static void gunzip(Path from, Path to, long maxBytes) throws IOException {
        long total = 0;
        byte[] buffer = new byte[64 << 10];
        try (InputStream in = new GZIPInputStream(new BufferedInputStream(Files.newInputStream(from)));
             OutputStream out = Files.newOutputStream(to)) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                total += n;
                if (total > maxBytes) {
                    throw new IOException("content is larger than the limit of " + maxBytes + " bytes once inflated");
                }
                out.write(buffer, 0, n);
            }
        } catch (java.io.EOFException e) {
            throw new IOException("gzip content is cut short", e);
        }
        Files.delete(from);
    }

    /** A complete zip whose every entry name stays inside the folder it would be unpacked to. */
    static void checkZip(Path zip) throws IOException {
        // the JDK's zip reader: Commons Compress builds every entry (and its date, through a Calendar) when it opens
        // an archive, seconds of one core for an all.zip of 500,000 records, before the import can start
        try (java.util.zip.ZipFile z = new java.util.zip.ZipFile(zip.toFile())) {
            Enumeration<? extends java.util.zip.ZipEntry> entries = z.entries();
            int count = 0;
            while (entries.hasMoreElements()) {
                String name = entries.nextElement().getName();
                if (!safeEntryName(name)) {
                    throw new IOException("zip entry refused, it points outside the archive's folder: " + name);
                }
                count++;
            }
            if (count == 0) {
                throw new IOException("the zip archive is empty");
            }
        } catch (IOException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("zip entry refused")) {
                throw e;
            }
            throw new IOException("not a complete zip archive: " + e.getMessage(), e);
        }
    }

    /** No absolute path, drive letter or {@code ..} segment (with either slash). */
    public static boolean safeEntryName(String name) {
        if (name == null || name.isEmpty() || name.startsWith("/") || name.startsWith("\\") || name.indexOf('\0') >= 0
                || (name.length() > 1 && name.charAt(1) == ':')) {
            return false;
        }
        for (String segment : name.split("[/\\\\]")) {
            if (segment.equals("..")) {
                return false;
            }
        }
        return true;
    }

    /** Parses the whole document as a stream (nothing kept): a cut or garbage body fails here. */
    private static void checkJson(Path file) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file));
             JsonParser parser = JsonSupport.PROVIDER.createParser(in)) {
            if (!parser.hasNext()) {
                throw new IOException("empty document");
            }
            JsonParser.Event first = parser.next();
            if (first != JsonParser.Event.START_OBJECT && first != JsonParser.Event.START_ARRAY) {
                throw new IOException("not a JSON object or array");
            }
            int depth = 1;
            while (depth > 0) {
                JsonParser.Event e = parser.next();
                if (e == JsonParser.Event.START_OBJECT || e == JsonParser.Event.START_ARRAY) {
                    depth++;
                } else if (e == JsonParser.Event.END_OBJECT || e == JsonParser.Event.END_ARRAY) {
                    depth--;
                }
            }
            if (parser.hasNext()) {
                throw new IOException("data after the JSON document");
            }
        } catch (java.util.NoSuchElementException | jakarta.json.JsonException e) {
            throw new IOException("not a zip archive, gzip file or complete JSON document: " + e.getMessage(), e);
        }
    }
}
