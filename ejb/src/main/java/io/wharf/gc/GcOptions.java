package io.wharf.gc;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

/** A run's options as Harbor names them: {@code dry_run}, {@code delete_untagged}, {@code workers} (1 to 5). */
public record GcOptions(boolean dryRun, boolean deleteUntagged, int workers) {
    static final int MAX_WORKERS = 5;

    /** @throws IllegalArgumentException naming the option that is wrong */
    public static GcOptions of(JsonObject parameters) {
        JsonObject p = parameters == null ? JsonValue.EMPTY_JSON_OBJECT : parameters;
        boolean dryRun = flag(p, "dry_run");
        boolean untagged = flag(p, "delete_untagged");
        int workers = 1;
        JsonValue w = p.get("workers");
        if (w != null && w != JsonValue.NULL) {
            if (w.getValueType() != JsonValue.ValueType.NUMBER || !p.getJsonNumber("workers").isIntegral()) {
                throw new IllegalArgumentException("workers must be a whole number from 1 to " + MAX_WORKERS);
            }
            workers = p.getJsonNumber("workers").intValue();
            if (workers < 1 || workers > MAX_WORKERS) throw new IllegalArgumentException("workers must be from 1 to " + MAX_WORKERS);
        }
        return new GcOptions(dryRun, untagged, workers);
    }

    private static boolean flag(JsonObject p, String name) {
        JsonValue v = p.get(name);
        if (v == null || v == JsonValue.NULL) return false;
        if (v != JsonValue.TRUE && v != JsonValue.FALSE) throw new IllegalArgumentException(name + " must be true or false");
        return v == JsonValue.TRUE;
    }

    public JsonObject toJson() {
        return Json.createObjectBuilder().add("dry_run", dryRun).add("delete_untagged", deleteUntagged).add("workers", workers).build();
    }
}
