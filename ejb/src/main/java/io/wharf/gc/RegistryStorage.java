package io.wharf.gc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Distribution 2.8's filesystem storage, read and pruned directly: {@code blobs/sha256/xx/<hex>/data}
 * holds the bytes; a repository's {@code _manifests/revisions}, {@code _layers} and {@code _uploads}
 * hold link files and upload sessions. Only paths built from a validated hex digest are removed.
 */
final class RegistryStorage {
    private final Path v2;

    RegistryStorage(Path rootDirectory) { this.v2 = RegistryLayout.v2(rootDirectory); }

    /** A file the registry wrote: its digest (or upload id), path, size in bytes and last change. */
    record Entry(String digest, Path path, long size, Instant modified) {}

    boolean exists() { return Files.isDirectory(v2); }

    /** Every repository with storage, by name (the path under {@code repositories/}). */
    List<String> repositories() throws IOException {
        List<String> names = new ArrayList<>();
        Path base = v2.resolve("repositories");
        if (Files.isDirectory(base)) findRepositories(base, base, names);
        return names;
    }

    private static void findRepositories(Path base, Path dir, List<String> names) throws IOException {
        boolean repository = false;
        List<Path> children = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path p : entries) {
                String n = p.getFileName().toString();
                if (n.startsWith("_")) {
                    repository = true;
                } else if (Files.isDirectory(p)) {
                    children.add(p);
                }
            }
        }
        if (repository) names.add(base.relativize(dir).toString().replace('\\', '/'));
        for (Path child : children) findRepositories(base, child, names);
    }

    List<Entry> revisions(String repository) throws IOException { return links(repo(repository).resolve("_manifests/revisions/sha256")); }

    List<Entry> layerLinks(String repository) throws IOException { return links(repo(repository).resolve("_layers/sha256")); }

    private static List<Entry> links(Path dir) throws IOException {
        List<Entry> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) return out;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path p : entries) {
                String hex = p.getFileName().toString();
                Path link = p.resolve("link");
                if (!isHex(hex) || !Files.isRegularFile(link)) continue;
                out.add(new Entry("sha256:" + hex, p, Files.size(link), Files.getLastModifiedTime(link).toInstant()));
            }
        }
        return out;
    }

    /** Upload sessions with the time each started (the registry's {@code startedat}, else the folder's time) and bytes so far. */
    List<Entry> uploads(String repository) throws IOException {
        List<Entry> out = new ArrayList<>();
        Path dir = repo(repository).resolve("_uploads");
        if (!Files.isDirectory(dir)) return out;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path p : entries) {
                if (!Files.isDirectory(p)) continue;
                Instant started = Files.getLastModifiedTime(p).toInstant();
                Path startedAt = p.resolve("startedat");
                if (Files.isRegularFile(startedAt)) {
                    try {
                        started = OffsetDateTime.parse(Files.readString(startedAt, StandardCharsets.UTF_8).strip()).toInstant();
                    } catch (DateTimeParseException | IOException e) {
                        // a torn or odd startedat: the folder's own time stands
                    }
                }
                Path data = p.resolve("data");
                out.add(new Entry(p.getFileName().toString(), p, Files.isRegularFile(data) ? Files.size(data) : 0, started));
            }
        }
        return out;
    }

    /** Calls {@code each} for every blob's data file. */
    void blobs(Consumer<Entry> each) throws IOException {
        Path base = v2.resolve("blobs/sha256");
        if (!Files.isDirectory(base)) return;
        try (DirectoryStream<Path> prefixes = Files.newDirectoryStream(base)) {
            for (Path prefix : prefixes) {
                if (!Files.isDirectory(prefix)) continue;
                try (DirectoryStream<Path> blobs = Files.newDirectoryStream(prefix)) {
                    for (Path b : blobs) {
                        String hex = b.getFileName().toString();
                        Path data = b.resolve("data");
                        if (!isHex(hex) || !Files.isRegularFile(data)) continue;
                        BasicFileAttributes a = Files.readAttributes(data, BasicFileAttributes.class);
                        each.accept(new Entry("sha256:" + hex, b, a.size(), a.lastModifiedTime().toInstant()));
                    }
                }
            }
        }
    }

    /** The bytes of a small blob (a manifest), or null when it is gone or larger than {@code max}. */
    byte[] smallBlob(String digest, int max) throws IOException {
        String hex = hexOf(digest);
        if (hex == null) return null;
        Path data = RegistryLayout.blobData(v2, hex);
        try {
            if (Files.size(data) > max) return null;
            return Files.readAllBytes(data);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    /** Removes a folder this class listed (a blob, a link, an upload session), and everything in it. */
    static void removeTree(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                if (e != null) throw e;
                Files.deleteIfExists(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private Path repo(String repository) {
        Path p = v2.resolve("repositories").resolve(repository).normalize();
        if (!p.startsWith(v2.resolve("repositories"))) throw new IllegalArgumentException("not a repository: " + repository);
        return p;
    }

    static String hexOf(String digest) {
        if (digest == null || !digest.startsWith("sha256:")) return null;
        String hex = digest.substring(7);
        return isHex(hex) ? hex : null;
    }

    private static boolean isHex(String s) {
        if (s.length() != 64) return false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
        }
        return true;
    }
}
