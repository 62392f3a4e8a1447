package io.wharf.scanner.layer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wharf.scanner.analyzer.Analyzers;
import io.wharf.scanner.analyzer.FoundPackage;
import io.wharf.scanner.support.LayerBuilder;
import io.wharf.scanner.support.LayerBuilder.Compression;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

class LayerReaderTest {
    private final LayerReader reader = new LayerReader(Analyzers.defaults());

    private static String npm(String name, String version) {
        return "{\"name\":\"" + name + "\",\"version\":\"" + version + "\"}";
    }

    private LayerInventory read(String digest, byte[] layer) throws IOException {
        return reader.read(digest, new ByteArrayInputStream(layer));
    }

    private static Map<String, String> packagesOf(MergedImage image) {
        Map<String, String> out = new TreeMap<>();
        for (MergedImage.LocatedPackage p : image.packages()) {
            out.put(p.pkg().name(), p.pkg().version());
        }
        return out;
    }

    @ParameterizedTest
    @EnumSource(Compression.class)
    void readsEveryCompressionFromTheBytesAlone(Compression compression) throws IOException {
        byte[] layer = new LayerBuilder().dir("usr/lib/node_modules/lodash")
                .file("usr/lib/node_modules/lodash/package.json", npm("lodash", "4.17.15"))
                .file("./etc/hostname", "box\n")
                .build(compression);
        LayerInventory inv = read("sha256:l1", layer);
        assertEquals(List.of("usr/lib/node_modules/lodash/package.json"), new ArrayList<>(inv.files().keySet()));
        FoundPackage p = inv.files().get("usr/lib/node_modules/lodash/package.json").packages().get(0);
        assertEquals("lodash", p.name());
        assertEquals("4.17.15", p.version());
    }

    @Test
    void fileDeletedByAnUpperLayerIsNotReported() throws IOException {
        LayerInventory base = read("sha256:base", new LayerBuilder()
                .file("app/node_modules/minimist/package.json", npm("minimist", "1.2.5"))
                .file("app/node_modules/lodash/package.json", npm("lodash", "4.17.15"))
                .build(Compression.GZIP));
        LayerInventory top = read("sha256:top", new LayerBuilder()
                .whiteout("app/node_modules/minimist")
                .build(Compression.ZSTD));
        MergedImage image = MergedImage.of(List.of(base, top));
        assertEquals(Map.of("lodash", "4.17.15"), packagesOf(image));
        assertEquals(List.of("app/node_modules/minimist"), top.whiteouts());
    }

    @Test
    void opaqueDirectoryHidesLowerLayersButKeepsItsOwnLayer() throws IOException {
        LayerInventory base = read("sha256:base", new LayerBuilder()
                .file("srv/node_modules/lodash/package.json", npm("lodash", "4.17.15"))
                .file("opt/node_modules/minimist/package.json", npm("minimist", "1.2.5"))
                .build(Compression.NONE));
        LayerInventory top = read("sha256:top", new LayerBuilder()
                .opaque("srv")
                .file("srv/node_modules/node-fetch/package.json", npm("node-fetch", "2.6.1"))
                .build(Compression.GZIP));
        assertEquals(Map.of("minimist", "1.2.5", "node-fetch", "2.6.1"), packagesOf(MergedImage.of(List.of(base, top))));
    }

    @Test
    void fileReaddedAfterDeletionIsReportedFromTheLayerThatReaddedIt() throws IOException {
        byte[] lodash = new LayerBuilder().file("a/node_modules/lodash/package.json", npm("lodash", "4.17.21")).build(Compression.NONE);
        LayerInventory l1 = read("sha256:one", lodash);
        LayerInventory l2 = read("sha256:two", new LayerBuilder().whiteout("a/node_modules").build(Compression.NONE));
        LayerInventory l3 = read("sha256:three", lodash);
        List<MergedImage.LocatedPackage> pkgs = MergedImage.of(List.of(l1, l2, l3)).packages();
        assertEquals(1, pkgs.size());
        assertEquals("sha256:three", pkgs.get(0).layerDigest());
    }

    @Test
    void packageKeepsTheLayerThatInstalledItWhenUpperLayersRewriteTheDatabase() throws IOException {
        String status1 = "Package: tar\nStatus: install ok installed\nVersion: 1.34+dfsg-1.2\n\n";
        String status2 = status1 + "Package: curl\nStatus: install ok installed\nVersion: 7.88.1-10+deb12u5\n\n";
        LayerInventory l1 = read("sha256:base", new LayerBuilder().file("var/lib/dpkg/status", status1).build(Compression.GZIP));
        LayerInventory l2 = read("sha256:curl", new LayerBuilder().file("var/lib/dpkg/status", status2).build(Compression.GZIP));
        Map<String, String> layerOf = MergedImage.of(List.of(l1, l2)).packages().stream()
                .collect(Collectors.toMap(p -> p.pkg().name(), MergedImage.LocatedPackage::layerDigest));
        assertEquals(Map.of("tar", "sha256:base", "curl", "sha256:curl"), layerOf);
    }

    @Test
    void symlinkOverAnAnalysedPathReplacesIt() throws IOException {
        LayerInventory base = read("sha256:base", new LayerBuilder()
                .file("etc/os-release", "ID=debian\nVERSION_ID=\"12\"\n").build(Compression.NONE));
        LayerInventory top = read("sha256:top", new LayerBuilder()
                .symlink("etc/os-release", "../usr/lib/os-release").build(Compression.NONE));
        assertEquals("Debian:12", MergedImage.of(List.of(base)).osRelease().ecosystem());
        assertNull(MergedImage.of(List.of(base, top)).osRelease());
    }

    @Test
    void largeUnanalysedFilesAreSkippedNotBuffered() throws IOException {
        byte[] big = new byte[8 << 20];
        LayerInventory inv = read("sha256:big", new LayerBuilder()
                .file("usr/share/big.bin", big)
                .file("app/node_modules/lodash/package.json", npm("lodash", "4.17.15"))
                .build(Compression.GZIP));
        assertTrue(inv.files().containsKey("app/node_modules/lodash/package.json"));
        assertEquals(1, inv.files().size());
    }

    /**
     * The reader reads past every entry nobody analyses itself (through one reused buffer): sizes around the tar
     * record and buffer boundaries, an analysed file left half read (over its cap), links and whiteouts between
     * them must all leave the next header exactly in place, with and without the read-ahead thread.
     */
    @ParameterizedTest
    @EnumSource(Compression.class)
    void skippingUnanalysedDataKeepsEveryLaterEntry(Compression compression) throws IOException {
        LayerBuilder b = new LayerBuilder();
        int[] sizes = {0, 1, 511, 512, 513, 8191, 8192, 8193, LayerReader.SKIP_BUFFER - 1, LayerReader.SKIP_BUFFER,
                LayerReader.SKIP_BUFFER + 1, 3 * LayerReader.SKIP_BUFFER + 17, 1 << 20};
        java.util.Random random = new java.util.Random(5);
        for (int i = 0; i < sizes.length; i++) {
            byte[] junk = new byte[sizes[i]];
            random.nextBytes(junk);
            b.file("usr/share/junk-" + i + ".bin", junk)
                    .file("app/node_modules/p" + i + "/package.json", npm("p" + i, "1.0." + i));
        }
        byte[] hugeOsRelease = new byte[(64 << 10) + 100]; // over the analyzer's cap: left unread
        java.util.Arrays.fill(hugeOsRelease, (byte) 'x');
        b.file("usr/lib/os-release", hugeOsRelease)
                .symlink("etc/os-release", "../usr/lib/os-release")
                .whiteout("opt/old/node_modules/gone/package.json")
                .opaque("srv/cache")
                .file("var/lib/dpkg/status", "Package: tar\nStatus: install ok installed\nVersion: 1.34+dfsg-1.2\n");
        byte[] layer = b.build(compression);
        for (boolean readAhead : new boolean[] {false, true}) {
            LayerInventory inv = reader.read("sha256:skips", new ByteArrayInputStream(layer), readAhead);
            for (int i = 0; i < sizes.length; i++) {
                FoundPackage p = inv.files().get("app/node_modules/p" + i + "/package.json").packages().get(0);
                assertEquals("1.0." + i, p.version(), "after a skipped file of " + sizes[i] + " bytes");
            }
            assertEquals("tar", inv.files().get("var/lib/dpkg/status").packages().get(0).name());
            assertTrue(inv.files().containsKey("etc/os-release"), "the link still replaces the path");
            assertEquals(List.of("opt/old/node_modules/gone/package.json"), inv.whiteouts());
            assertEquals(List.of("srv/cache"), inv.opaqueDirs());
            assertEquals(sizes.length + 3, inv.files().size());
        }
    }
}
