package io.wharf.web.retention;

import io.wharf.common.WharfException;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;

/** Request bodies of the retention and immutability APIs: one JSON object, or a 400 saying why not. */
final class JsonBodies {
    private JsonBodies() {}

    static JsonObject object(String body) {
        if (body == null || body.isBlank()) throw WharfException.badRequest("a JSON object body is required");
        try (var reader = Json.createReader(new StringReader(body))) {
            JsonValue value = reader.readValue();
            if (!(value instanceof JsonObject o)) throw WharfException.badRequest("the body must be a JSON object");
            return o;
        } catch (JsonException e) {
            throw WharfException.badRequest("the body is not valid JSON");
        }
    }
}
