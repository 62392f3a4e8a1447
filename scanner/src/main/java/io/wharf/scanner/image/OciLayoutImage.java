package io.wharf.scanner.image;

import io.wharf.scanner.BlobSource;
import io.wharf.scanner.LayerRef;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * An OCI image layout ({@code oci-layout}, {@code index.json}, {@code blobs/<alg>/<hex>}) as written by
 * {@code skopeo copy ... oci:DIR:tag} or umoci. The manifest is chosen by the {@code org.opencontainers.image.ref.name}
 * annotation when a tag is given, else the only (or first) one; an image index is followed to its linux/amd64 entry
 * (or its first).
 */
public final class OciLayoutImage implements LocalImage {
    private static final String REF_NAME = "org.opencontainers.image.ref.name";
    private final Path dir;
    private final List<LayerRef> layers;

    private OciLayoutImage(Path dir, List<LayerRef> layers) {
        this.dir = dir;
        this.layers = layers;
    }

    public static OciLayoutImage open(Path dir, String tag) throws IOException {
        Path indexFile = dir.resolve("index.json");
        if (!Files.isRegularFile(indexFile)) {
            throw new IOException(dir + " is not an OCI image layout (no index.json)");
        }
        JsonObject index;
        try (InputStream in = Files.newInputStream(indexFile)) {
            index = Descriptors.readObject(in, "index.json");
        }
        JsonObject descriptor = pick(index, tag, dir);
        JsonObject manifest = readBlob(dir, descriptor);
        for (int depth = 0; manifest.containsKey("manifests") && depth < 3; depth++) {
            manifest = readBlob(dir, pickPlatform(manifest));
        }
        List<LayerRef> layers = new ArrayList<>();
        for (JsonValue v : manifest.getJsonArray("layers")) {
            JsonObject l = v.asJsonObject();
            layers.add(new LayerRef(l.getString("digest"), l.getString("mediaType", ""),
                    l.getJsonNumber("size") == null ? -1 : l.getJsonNumber("size").longValue()));
        }
        return new OciLayoutImage(dir, List.copyOf(layers));
    }

    private static JsonObject pick(JsonObject index, String tag, Path dir) throws IOException {
        List<JsonObject> manifests = index.getJsonArray("manifests").getValuesAs(JsonObject.class);
        if (manifests.isEmpty()) {
            throw new IOException(dir + "/index.json lists no manifests");
        }
        if (tag == null) {
            return manifests.get(0);
        }
        for (JsonObject m : manifests) {
            JsonObject annotations = m.getJsonObject("annotations");
            if (annotations != null && tag.equals(annotations.getString(REF_NAME, null))) {
                return m;
            }
        }
        throw new IOException("tag '" + tag + "' not found in " + dir + "/index.json");
    }

    private static JsonObject pickPlatform(JsonObject imageIndex) throws IOException {
        List<JsonObject> manifests = imageIndex.getJsonArray("manifests").getValuesAs(JsonObject.class);
        if (manifests.isEmpty()) {
            throw new IOException("image index lists no manifests");
        }
        for (JsonObject m : manifests) {
            JsonObject p = m.getJsonObject("platform");
            if (p != null && "linux".equals(p.getString("os", "")) && "amd64".equals(p.getString("architecture", ""))) {
                return m;
            }
        }
        return manifests.get(0);
    }

    private static JsonObject readBlob(Path dir, JsonObject descriptor) throws IOException {
        try (InputStream in = Files.newInputStream(blobPath(dir, descriptor.getString("digest")))) {
            return Descriptors.readObject(in, "manifest " + descriptor.getString("digest"));
        }
    }

    static Path blobPath(Path dir, String digest) throws IOException {
        int colon = digest.indexOf(':');
        String alg = colon > 0 ? digest.substring(0, colon) : "";
        String hex = colon > 0 ? digest.substring(colon + 1) : "";
        if (!alg.matches("[a-z0-9]+") || !hex.matches("[a-zA-Z0-9=_-]+")) {
            throw new IOException("invalid digest " + digest);
        }
        return dir.resolve("blobs").resolve(alg).resolve(hex);
    }

    @Override
    public List<LayerRef> layers() {
        return layers;
    }

    @Override
    public BlobSource blobs() {
        return layer -> Files.newInputStream(blobPath(dir, layer.digest()));
    }

    @Override
    public void close() {
        // nothing held open
    }
}
