package io.wharf.scanner.support;

import io.wharf.scanner.BlobSource;
import io.wharf.scanner.LayerRef;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** An image held in memory that counts how often its blobs are opened. */
public final class TestImage implements BlobSource {
    public final List<LayerRef> layers = new ArrayList<>();
    private final Map<String, byte[]> blobs = new HashMap<>();
    public final AtomicInteger opened = new AtomicInteger();

    public TestImage layer(byte[] bytes) {
        String digest = LayerBuilder.sha256(bytes);
        layers.add(new LayerRef(digest, "application/vnd.oci.image.layer.v1.tar+gzip", bytes.length));
        blobs.put(digest, bytes);
        return this;
    }

    /** One layer with lodash installed under node_modules. */
    public static TestImage lodash(String version) {
        return new TestImage().layer(new LayerBuilder()
                .file("app/node_modules/lodash/package.json", "{\"name\":\"lodash\",\"version\":\"" + version + "\"}")
                .build(LayerBuilder.Compression.GZIP));
    }

    @Override
    public InputStream open(LayerRef layer) {
        opened.incrementAndGet();
        return new ByteArrayInputStream(blobs.get(layer.digest()));
    }
}
