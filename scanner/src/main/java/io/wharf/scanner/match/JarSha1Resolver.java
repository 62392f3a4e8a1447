package io.wharf.scanner.match;

import io.wharf.scanner.analyzer.FileFacts;
import io.wharf.scanner.analyzer.FoundPackage;
import io.wharf.scanner.layer.LayerInventory;
import io.wharf.scanner.vulndb.MavenSha1Index;
import io.wharf.scanner.vulndb.VulnStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Identifies the Java archives of a scan's layers by their SHA-1 in the {@linkplain MavenSha1Index SHA-1 index}.
 * Layer inventories keep each metadata-less archive's SHA-1 (and whatever its manifest and file name said), and this
 * runs at every scan, so an index imported after a layer was cached identifies that layer's jars without reading it
 * again. An index hit replaces the manifest's or file name's coordinates; an archive neither identifies is left out.
 * Cached inventories are not changed: a layer with something to resolve is copied.
 */
public final class JarSha1Resolver {
    private final VulnStore store;

    public JarSha1Resolver(VulnStore store) {
        this.store = store;
    }

    public List<LayerInventory> resolve(List<LayerInventory> layers) throws SQLException {
        Set<String> sha1s = new LinkedHashSet<>();
        for (LayerInventory layer : layers) {
            for (FileFacts facts : layer.files().values()) {
                for (FoundPackage p : facts.packages()) {
                    if (p.sha1() != null) {
                        sha1s.add(p.sha1());
                    }
                }
            }
        }
        if (sha1s.isEmpty()) {
            return layers;
        }
        Map<String, MavenSha1Index.Coordinates> known;
        try (Connection c = store.connection()) {
            known = MavenSha1Index.lookup(c, sha1s);
        }
        List<LayerInventory> out = new ArrayList<>(layers.size());
        for (LayerInventory layer : layers) {
            out.add(resolve(layer, known));
        }
        return out;
    }

    private static LayerInventory resolve(LayerInventory layer, Map<String, MavenSha1Index.Coordinates> known) {
        Map<String, FileFacts> files = null;
        for (Map.Entry<String, FileFacts> e : layer.files().entrySet()) {
            FileFacts facts = e.getValue();
            if (facts.packages().stream().noneMatch(p -> p.sha1() != null)) {
                continue;
            }
            List<FoundPackage> packages = new ArrayList<>();
            for (FoundPackage p : facts.packages()) {
                MavenSha1Index.Coordinates c = p.sha1() == null ? null : known.get(p.sha1());
                if (c != null) {
                    packages.add(new FoundPackage(c.groupId() + ":" + c.artifactId(), c.version(), p.type(),
                            p.sourceName(), p.sourceVersion(), p.location(), FoundPackage.BY_SHA1, p.sha1()));
                } else if (!p.onlySha1()) {
                    packages.add(p);
                }
            }
            if (files == null) {
                files = new LinkedHashMap<>(layer.files());
            }
            files.put(e.getKey(), new FileFacts(packages, facts.osRelease()));
        }
        return files == null ? layer : new LayerInventory(layer.digest(), files, layer.whiteouts(), layer.opaqueDirs());
    }
}
