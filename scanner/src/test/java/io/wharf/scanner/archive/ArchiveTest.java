package io.wharf.scanner.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wharf.scanner.EmbeddedScanner;
import io.wharf.scanner.ExportManifest;
import io.wharf.scanner.ImportResult;
import io.wharf.scanner.ScanReport;
import io.wharf.scanner.ScannerException;
import io.wharf.scanner.SourceStatus;
import io.wharf.scanner.VulnDatabase;
import io.wharf.scanner.support.LayerBuilder;
import io.wharf.scanner.support.TestDatabase;
import io.wharf.scanner.support.TestImage;
import io.wharf.scanner.support.VulnData;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Air-gapped installations: the whole database exported as one archive and imported elsewhere. */
class ArchiveTest {
    @TempDir
    Path tmp;

    /** An Alpine 3.18 image with busybox (secdb) and a node app with lodash (GHSA). */
    private static TestImage image() {
        byte[] base = new LayerBuilder().file("etc/alpine-release", "3.18.4\n")
                .file("etc/os-release", "NAME=\"Alpine Linux\"\nID=alpine\nVERSION_ID=3.18.4\n")
                .file("lib/apk/db/installed", "P:busybox\nV:1.36.1-r2\no:busybox\n\n")
                .build(LayerBuilder.Compression.GZIP);
        byte[] app = new LayerBuilder()
                .file("app/node_modules/lodash/package.json", "{\"name\":\"lodash\",\"version\":\"4.17.15\"}")
                .build(LayerBuilder.Compression.GZIP);
        return new TestImage().layer(base).layer(app);
    }

    private static VulnDatabase loaded() {
        VulnDatabase db = new VulnDatabase(TestDatabase.fresh());
        db.importFrom(List.of(VulnData.osv(), VulnData.alpine318(), VulnData.debianTracker()));
        return db;
    }

    private static Map<String, Integer> records(VulnDatabase db) {
        return db.status().stream().collect(Collectors.toMap(SourceStatus::name, SourceStatus::records));
    }

    @Test
    void anExportImportedIntoAnEmptyDatabaseGivesTheSameScan() throws IOException {
        VulnDatabase source = loaded();
        Path archive = tmp.resolve("vulndb.tar.gz");
        ExportManifest manifest = source.exportTo(archive);
        assertEquals(List.of("alpine", "debian", "debian-sources", "osv"),
                manifest.sources().stream().map(ExportManifest.Source::name).toList());
        assertTrue(manifest.sources().stream().allMatch(s -> s.sha256().matches("[0-9a-f]{64}") && s.lastSuccess() != null));
        assertEquals(6, manifest.sources().get(3).records());

        VulnDatabase target = new VulnDatabase(TestDatabase.fresh());
        ImportResult imported = target.importFrom(List.of(archive)); // what `vulndb import FILE` does
        assertEquals(records(source), imported.counts());
        assertEquals(records(source), records(target));
        assertEquals(Map.of("alpine", 248, "debian", 15, "debian-sources", 3, "osv", 6).keySet(), imported.counts().keySet());
        for (SourceStatus s : target.status()) {
            SourceStatus original = source.status().stream().filter(o -> o.name().equals(s.name())).findFirst().orElseThrow();
            assertEquals(original.lastSuccess(), s.lastSuccess(), "the data keeps its age");
        }

        TestImage image = image();
        ScanReport expected = new EmbeddedScanner(source).scan(image.layers, image);
        ScanReport actual = new EmbeddedScanner(target).scan(image.layers, image);
        assertTrue(expected.findings().size() > 2, expected.findings().toString());
        assertTrue(expected.findings().stream().anyMatch(f -> f.packageName().equals("busybox")));
        assertEquals(expected.findings(), actual.findings());
    }

    @Test
    void aDamagedArchiveIsRefusedAndChangesNothing() throws IOException {
        VulnDatabase source = loaded();
        Path archive = tmp.resolve("vulndb.tar.gz");
        source.exportTo(archive);
        Path damaged = tmp.resolve("damaged.tar.gz");
        rewrite(archive, damaged, "4.17.20", "4.17.99"); // a fixed version changed after export

        VulnDatabase target = new VulnDatabase(TestDatabase.fresh());
        target.importFrom(List.of(VulnData.osv("GHSA-p6mc-m468-83gw")));
        Map<String, Integer> before = records(target);
        long generation = target.state().generation();
        ScannerException e = assertThrows(ScannerException.class, () -> target.importArchive(damaged));
        assertTrue(e.getMessage().contains("checksum mismatch for osv"), e.getMessage());
        assertEquals(before, records(target));
        assertEquals(generation, target.state().generation());

        Path cut = tmp.resolve("cut.tar.gz");
        byte[] whole = Files.readAllBytes(archive);
        Files.write(cut, java.util.Arrays.copyOf(whole, whole.length / 2));
        assertThrows(ScannerException.class, () -> target.importArchive(cut));
        assertEquals(before, records(target));
    }

    @Test
    void anArchiveEntryOutsideTheFolderIsRefused() throws IOException {
        VulnDatabase source = loaded();
        Path archive = tmp.resolve("vulndb.tar.gz");
        source.exportTo(archive);
        Path slip = tmp.resolve("slip.tar.gz");
        rewriteNames(archive, slip, "sources/1.jsonl", "../1.jsonl");
        VulnDatabase target = new VulnDatabase(TestDatabase.fresh());
        ScannerException e = assertThrows(ScannerException.class, () -> target.importArchive(slip));
        assertTrue(e.getMessage().contains("refused"), e.getMessage());
        assertTrue(target.state().empty());
    }

    @Test
    void exportOfAnEmptyDatabaseImportsAsEmpty() {
        Path archive = tmp.resolve("empty.tar.gz");
        ExportManifest m = new VulnDatabase(TestDatabase.fresh()).exportTo(archive);
        assertEquals(List.of(), m.sources());
        VulnDatabase target = loaded();
        assertFalse(target.state().empty());
        target.importArchive(archive);
        assertTrue(target.state().empty(), "the archive is the whole database");
        assertNotNull(m.exportedAt());
    }

    /** Copies a tar.gz, replacing text in its data entries (the manifest is left as it was). */
    private static void rewrite(Path from, Path to, String find, String replace) throws IOException {
        copy(from, to, (name, bytes) -> name.endsWith(".jsonl")
                ? new String(bytes, StandardCharsets.UTF_8).replace(find, replace).getBytes(StandardCharsets.UTF_8) : bytes,
                name -> name);
    }

    private static void rewriteNames(Path from, Path to, String find, String replace) throws IOException {
        copy(from, to, (name, bytes) -> bytes, name -> name.equals(find) ? replace : name);
    }

    private static void copy(Path from, Path to, java.util.function.BiFunction<String, byte[], byte[]> content,
                             java.util.function.UnaryOperator<String> names) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(from));
             TarArchiveInputStream tin = new TarArchiveInputStream(new GzipCompressorInputStream(in));
             OutputStream out = Files.newOutputStream(to);
             TarArchiveOutputStream tout = new TarArchiveOutputStream(new GzipCompressorOutputStream(out))) {
            TarArchiveEntry e;
            while ((e = tin.getNextEntry()) != null) {
                byte[] bytes = content.apply(e.getName(), tin.readAllBytes());
                TarArchiveEntry copy = new TarArchiveEntry(names.apply(e.getName()), true);
                copy.setSize(bytes.length);
                tout.putArchiveEntry(copy);
                tout.write(bytes);
                tout.closeArchiveEntry();
            }
        }
    }
}
