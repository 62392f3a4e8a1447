package io.wharf.scanner.image;

import io.wharf.scanner.JsonSupport;
import io.wharf.scanner.BlobSource;
import io.wharf.scanner.LayerRef;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarFile;

/**
 * A {@code docker save} / {@code docker-archive:} tarball: {@code manifest.json} lists the config and the layer
 * files. Layers are read in place through random access, never extracted. Their digests are the config's
 * {@code rootfs.diff_ids} (the archive stores uncompressed layers, whose digest is exactly the diff id), so the
 * layer cache is shared with the same layers scanned elsewhere in uncompressed form.
 */
public final class DockerArchiveImage implements LocalImage {
    private final TarFile tar;
    private final Map<String, TarArchiveEntry> entries;
    private final List<LayerRef> layers;
    private final Map<String, String> pathByDigest;

    private DockerArchiveImage(TarFile tar, Map<String, TarArchiveEntry> entries, List<LayerRef> layers,
                               Map<String, String> pathByDigest) {
        this.tar = tar;
        this.entries = entries;
        this.layers = layers;
        this.pathByDigest = pathByDigest;
    }

    public static DockerArchiveImage open(Path file, String tag) throws IOException {
        TarFile tar;
        try {
            tar = new TarFile(file);
        } catch (IOException e) {
            throw new IOException(file + " is not a docker-archive tarball: " + e.getMessage(), e);
        }
        try {
            Map<String, TarArchiveEntry> entries = new HashMap<>();
            for (TarArchiveEntry e : tar.getEntries()) {
                entries.put(normalise(e.getName()), e);
            }
            TarArchiveEntry manifestEntry = entries.get("manifest.json");
            if (manifestEntry == null) {
                throw new IOException(file + " is not a docker-archive tarball (no manifest.json)");
            }
            JsonObject image = pick(readArray(tar, manifestEntry), tag, file);
            List<String> layerPaths = image.getJsonArray("Layers").getValuesAs(JsonString.class).stream()
                    .map(s -> normalise(s.getString())).toList();
            List<String> diffIds = List.of();
            TarArchiveEntry configEntry = entries.get(normalise(image.getString("Config", "")));
            if (configEntry != null) {
                try (InputStream in = tar.getInputStream(configEntry)) {
                    JsonObject config = Descriptors.readObject(in, "image config");
                    JsonObject rootfs = config.getJsonObject("rootfs");
                    if (rootfs != null && rootfs.containsKey("diff_ids")) {
                        diffIds = rootfs.getJsonArray("diff_ids").getValuesAs(JsonString.class).stream()
                                .map(JsonString::getString).toList();
                    }
                }
            }
            List<LayerRef> layers = new ArrayList<>();
            Map<String, String> pathByDigest = new HashMap<>();
            for (int i = 0; i < layerPaths.size(); i++) {
                String path = layerPaths.get(i);
                TarArchiveEntry entry = entries.get(path);
                if (entry == null) {
                    throw new IOException(file + " lacks layer " + path);
                }
                String digest = diffIds.size() == layerPaths.size() ? diffIds.get(i) : digestFromPath(path);
                layers.add(new LayerRef(digest, "application/vnd.docker.image.rootfs.diff.tar", entry.getSize()));
                pathByDigest.put(digest, path);
            }
            return new DockerArchiveImage(tar, entries, List.copyOf(layers), pathByDigest);
        } catch (IOException | RuntimeException e) {
            tar.close();
            throw e;
        }
    }

    private static List<JsonObject> readArray(TarFile tar, TarArchiveEntry entry) throws IOException {
        try (InputStream in = tar.getInputStream(entry)) {
            String text = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            try (var reader = JsonSupport.PROVIDER.createReader(new java.io.StringReader(text))) {
                return reader.readArray().getValuesAs(JsonObject.class);
            } catch (jakarta.json.JsonException | ClassCastException e) {
                throw new IOException("manifest.json is not a docker-archive manifest: " + e.getMessage(), e);
            }
        }
    }

    private static JsonObject pick(List<JsonObject> images, String tag, Path file) throws IOException {
        if (images.isEmpty()) {
            throw new IOException(file + ": manifest.json lists no image");
        }
        if (tag == null) {
            return images.get(0);
        }
        for (JsonObject image : images) {
            JsonValue tags = image.get("RepoTags");
            if (tags != null && tags.getValueType() == JsonValue.ValueType.ARRAY) {
                for (JsonString t : tags.asJsonArray().getValuesAs(JsonString.class)) {
                    if (t.getString().equals(tag) || t.getString().endsWith(":" + tag)) {
                        return image;
                    }
                }
            }
        }
        throw new IOException("tag '" + tag + "' not found in " + file);
    }

    /** Newer archives store layers as {@code blobs/sha256/<hex>}; older ones as {@code <id>/layer.tar}. */
    private static String digestFromPath(String path) {
        if (path.startsWith("blobs/")) {
            String[] parts = path.split("/");
            if (parts.length == 3) {
                return parts[1] + ":" + parts[2];
            }
        }
        return "docker-archive-layer:" + path;
    }

    private static String normalise(String name) {
        return name.startsWith("./") ? name.substring(2) : name;
    }

    @Override
    public List<LayerRef> layers() {
        return layers;
    }

    @Override
    public BlobSource blobs() {
        return layer -> tar.getInputStream(entries.get(pathByDigest.get(layer.digest())));
    }

    @Override
    public void close() throws IOException {
        tar.close();
    }
}
