package io.wharf.scanner.analyzer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wharf.scanner.layer.LayerInventory;
import io.wharf.scanner.layer.LayerReader;
import io.wharf.scanner.layer.MergedImage;
import io.wharf.scanner.support.Fixtures;
import io.wharf.scanner.support.LayerBuilder;
import io.wharf.scanner.support.LayerBuilder.Compression;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Installed Python packages, from the real metadata files of Debian's python3-* packages. */
class PythonMetadataAnalyzerTest {
    private static List<MergedImage.LocatedPackage> scan(LayerBuilder... layers) throws IOException {
        LayerReader reader = new LayerReader(Analyzers.defaults());
        List<LayerInventory> inventories = new ArrayList<>();
        for (int i = 0; i < layers.length; i++) {
            inventories.add(reader.read("sha256:layer" + i, new ByteArrayInputStream(layers[i].build(Compression.GZIP))));
        }
        return MergedImage.of(inventories).packages();
    }

    private static Set<String> coordinates(List<MergedImage.LocatedPackage> pkgs) {
        return pkgs.stream().map(p -> p.pkg().name() + "@" + p.pkg().version()).collect(Collectors.toSet());
    }

    @Test
    void debianDistPackagesWithEggInfoFoldersAndDistInfo() throws IOException {
        List<MergedImage.LocatedPackage> pkgs = scan(Fixtures.debianDistPackages(new LayerBuilder()));
        // names as PEP 503 normalises the Name: headers (Jinja2, PyYAML, Werkzeug, python-apt ...)
        assertEquals(Set.of("certifi@2022.9.24", "idna@3.3", "jinja2@3.1.2", "packaging@23.0", "python-apt@2.6.0",
                "python-debian@0.1.49", "pyyaml@6.0", "requests@2.28.1", "six@1.16.0", "urllib3@1.26.12",
                "werkzeug@2.2.2"), coordinates(pkgs));
        Map<String, FoundPackage> byName = pkgs.stream().map(MergedImage.LocatedPackage::pkg)
                .collect(Collectors.toMap(FoundPackage::name, p -> p));
        assertEquals("usr/lib/python3/dist-packages/PyYAML-6.0.dist-info/METADATA", byName.get("pyyaml").location());
        assertEquals("usr/lib/python3/dist-packages/Werkzeug-2.2.2.egg-info/PKG-INFO", byName.get("werkzeug").location());
        assertTrue(pkgs.stream().allMatch(p -> p.pkg().type().equals(FoundPackage.PYPI)));
    }

    /** distutils writes the metadata as a file named {@code <name>-<version>.egg-info}; eggs keep it in EGG-INFO. */
    @Test
    void eggInfoFileAndUnzippedEgg() throws IOException {
        byte[] six = Fixtures.bytes("python/debian-bookworm/six-1.16.0.egg-info/PKG-INFO");
        byte[] idna = Fixtures.bytes("python/debian-bookworm/idna-3.3.egg-info/PKG-INFO");
        List<MergedImage.LocatedPackage> pkgs = scan(new LayerBuilder()
                .file("usr/local/lib/python3.11/site-packages/six-1.16.0-py3.11.egg-info", six)
                .file("opt/venv/lib/python3.11/site-packages/idna-3.3-py3.11.egg/EGG-INFO/PKG-INFO", idna));
        assertEquals(Set.of("six@1.16.0", "idna@3.3"), coordinates(pkgs));
    }

    /**
     * Only the header block is read: urllib3's PKG-INFO is 46 KB of description after it, and a description line
     * that looks like a header must not be taken for one.
     */
    @Test
    void onlyTheHeaderBlockCounts() throws IOException {
        String headersLast = "Metadata-Version: 2.1\nSummary: x\n\nName: wrong\nVersion: 9.9\n";
        String noVersion = "Metadata-Version: 2.1\nName: half\n";
        String crlf = "Metadata-Version: 2.1\r\nName: Zope.Interface\r\nVersion: 5.5.2\r\n\r\nbody\r\n";
        List<MergedImage.LocatedPackage> pkgs = scan(new LayerBuilder()
                .file("usr/lib/python3/dist-packages/urllib3-1.26.12.egg-info/PKG-INFO",
                        Fixtures.bytes("python/debian-bookworm/urllib3-1.26.12.egg-info/PKG-INFO"))
                .file("site-packages/wrong-1.0.dist-info/METADATA", headersLast)
                .file("site-packages/half-1.0.dist-info/METADATA", noVersion)
                .file("site-packages/zope.interface-5.5.2.dist-info/METADATA", crlf.getBytes(StandardCharsets.UTF_8)));
        assertEquals(Set.of("urllib3@1.26.12", "zope-interface@5.5.2"), coordinates(pkgs));
    }

    /** pip upgrading a package in a later layer: the old dist-info is whited out, the new one is that layer's. */
    @Test
    void upgradeInALaterLayerReplacesTheOldVersion() throws IOException {
        String dir = "usr/local/lib/python3.11/site-packages/";
        byte[] old = Fixtures.bytes("python/debian-bookworm/requests-2.28.1.egg-info/PKG-INFO");
        String newer = new String(old, StandardCharsets.UTF_8).replace("Version: 2.28.1", "Version: 2.32.3");
        List<MergedImage.LocatedPackage> pkgs = scan(
                new LayerBuilder().file(dir + "requests-2.28.1.dist-info/METADATA", old),
                new LayerBuilder().whiteout(dir + "requests-2.28.1.dist-info")
                        .file(dir + "requests-2.32.3.dist-info/METADATA", newer));
        assertEquals(Set.of("requests@2.32.3"), coordinates(pkgs));
        assertEquals("sha256:layer1", pkgs.get(0).layerDigest());
    }

    @Test
    void claimsOnlyMetadataFiles() {
        PythonMetadataAnalyzer a = new PythonMetadataAnalyzer();
        assertTrue(a.accepts("usr/lib/python3/dist-packages/PyYAML-6.0.dist-info/METADATA"));
        assertTrue(a.accepts("x.egg-info/PKG-INFO"));
        assertTrue(a.accepts("usr/lib/python2.7/wsgiref.egg-info"));
        assertFalse(a.accepts("usr/lib/python3/dist-packages/PyYAML-6.0.dist-info/RECORD"));
        assertFalse(a.accepts("usr/lib/python3/dist-packages/foo/METADATA"));
        assertFalse(a.accepts("src/PKG-INFO"));
        assertFalse(a.accepts("x.egg-info/requires.txt"));
    }
}
