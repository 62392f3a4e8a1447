package io.wharf.scanner.image;

import io.wharf.scanner.JsonSupport;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.IOException;
import java.io.InputStream;

/** Reads the small JSON documents of image formats (index, manifest, config). */
final class Descriptors {
    private static final int MAX_JSON = 16 << 20;

    private Descriptors() {
    }

    static JsonObject readObject(InputStream in, String what) throws IOException {
        byte[] bytes = in.readNBytes(MAX_JSON + 1);
        if (bytes.length > MAX_JSON) {
            throw new IOException(what + " is larger than " + MAX_JSON + " bytes");
        }
        try (JsonReader r = JsonSupport.PROVIDER.createReader(new java.io.ByteArrayInputStream(bytes))) {
            return r.readObject();
        } catch (JsonException | IllegalStateException e) {
            throw new IOException(what + " is not a JSON object: " + e.getMessage(), e);
        }
    }
}
