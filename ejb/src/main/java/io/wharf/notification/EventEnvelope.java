package io.wharf.notification;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * The registry's notification envelope ({@code {"events":[...]}}, media type
 * {@code application/vnd.docker.distribution.events.v1+json}). Events that lack what Wharf needs
 * are counted as malformed rather than failing the whole envelope.
 */
public record EventEnvelope(List<RegistryEvent> events, int malformed) {

    public static EventEnvelope parse(String body) {
        JsonObject root;
        try (JsonReader reader = Json.createReader(new StringReader(body == null ? "" : body))) {
            root = reader.readObject();
        } catch (JsonException | IllegalStateException | ClassCastException e) {
            throw new IllegalArgumentException("the envelope is not a JSON object");
        }
        JsonValue eventsValue = root.get("events");
        if (eventsValue == null || eventsValue.getValueType() != JsonValue.ValueType.ARRAY) {
            throw new IllegalArgumentException("the envelope has no events array");
        }
        JsonArray events = eventsValue.asJsonArray();
        List<RegistryEvent> parsed = new ArrayList<>();
        int malformed = 0;
        for (JsonValue value : events) {
            RegistryEvent event = value.getValueType() == JsonValue.ValueType.OBJECT ? event(value.asJsonObject()) : null;
            if (event == null) malformed++;
            else parsed.add(event);
        }
        return new EventEnvelope(List.copyOf(parsed), malformed);
    }

    private static RegistryEvent event(JsonObject e) {
        try {
            String id = e.getString("id", null);
            String action = e.getString("action", null);
            JsonObject target = e.getJsonObject("target");
            if (id == null || id.isEmpty() || id.length() > 128 || action == null || target == null) return null;
            String repository = target.getString("repository", null);
            if (repository == null) return null;
            JsonObject actor = e.getJsonObject("actor");
            JsonObject request = e.getJsonObject("request");
            Instant timestamp;
            try {
                timestamp = Instant.parse(e.getString("timestamp", ""));
            } catch (DateTimeParseException ex) {
                timestamp = Instant.now();
            }
            long size = target.getJsonNumber("size") != null ? target.getJsonNumber("size").longValue()
                    : target.getJsonNumber("length") != null ? target.getJsonNumber("length").longValue() : 0;
            return new RegistryEvent(id, timestamp, action, repository, target.getString("tag", null),
                    target.getString("digest", null), target.getString("mediaType", null), size,
                    actor == null ? null : actor.getString("name", null),
                    request == null ? null : request.getString("method", null));
        } catch (ClassCastException ex) {
            return null;
        }
    }
}
