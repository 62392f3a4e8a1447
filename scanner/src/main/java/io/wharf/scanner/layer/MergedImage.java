package io.wharf.scanner.layer;

import io.wharf.scanner.analyzer.FileFacts;
import io.wharf.scanner.analyzer.FoundPackage;
import io.wharf.scanner.analyzer.OsRelease;
import io.wharf.scanner.analyzer.OsReleaseAnalyzer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The image's file system as far as the analyzers are concerned: layer inventories applied bottom first, each
 * layer's whiteouts removing what the layers below put there. For each surviving file the history of the path
 * (since it was last deleted) is kept, to tell which layer introduced each package version.
 */
public final class MergedImage {
    /** A file's facts as written by one layer. */
    private record Version(String layerDigest, FileFacts facts) {
    }

    /** Per path: the layers that wrote it since it was last deleted, bottom first. */
    private final NavigableMap<String, List<Version>> files = new TreeMap<>();

    /** A package in the merged image and the layer that added that version of it. */
    public record LocatedPackage(FoundPackage pkg, String layerDigest) {
    }

    public static MergedImage of(List<LayerInventory> layersBottomFirst) {
        MergedImage image = new MergedImage();
        layersBottomFirst.forEach(image::apply);
        return image;
    }

    private void apply(LayerInventory layer) {
        for (String dir : layer.opaqueDirs()) {
            removeUnder(dir);
        }
        for (String path : layer.whiteouts()) {
            files.remove(path);
            removeUnder(path);
        }
        for (Map.Entry<String, FileFacts> e : layer.files().entrySet()) {
            files.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(new Version(layer.digest(), e.getValue()));
        }
    }

    private void removeUnder(String dir) {
        if (dir.isEmpty()) {
            files.clear();
            return;
        }
        files.subMap(dir + "/", true, dir + "/\uffff", true).clear();
    }

    /** Packages of the top version of every file, each with the lowest layer from which it was continuously present. */
    public List<LocatedPackage> packages() {
        List<LocatedPackage> out = new ArrayList<>();
        for (List<Version> history : files.values()) {
            Version top = history.get(history.size() - 1);
            for (FoundPackage p : top.facts().packages()) {
                out.add(new LocatedPackage(p, introducedBy(history, p)));
            }
        }
        return out;
    }

    private static String introducedBy(List<Version> history, FoundPackage p) {
        String digest = history.get(history.size() - 1).layerDigest();
        for (int i = history.size() - 2; i >= 0; i--) {
            boolean present = history.get(i).facts().packages().stream()
                    .anyMatch(q -> q.name().equals(p.name()) && q.version().equals(p.version()));
            if (!present) {
                break;
            }
            digest = history.get(i).layerDigest();
        }
        return digest;
    }

    /** The release from etc/alpine-release, else etc/os-release, else usr/lib/os-release; null when none survives. */
    public OsRelease osRelease() {
        for (String path : List.of(OsReleaseAnalyzer.ALPINE_RELEASE, OsReleaseAnalyzer.OS_RELEASE,
                OsReleaseAnalyzer.USR_OS_RELEASE)) {
            List<Version> history = files.get(path);
            if (history != null) {
                OsRelease release = history.get(history.size() - 1).facts().osRelease();
                if (release != null) {
                    return release;
                }
            }
        }
        return null;
    }
}
