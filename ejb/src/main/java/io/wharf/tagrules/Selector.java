package io.wharf.tagrules;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.Set;

/**
 * One of Harbor's selectors: {@code {"kind":"doublestar","decoration":"matches","pattern":"v*",
 * "extras":"{\"untagged\":true}"}}. Tag selectors decorate with {@code matches}/{@code excludes},
 * repository selectors with {@code repoMatches}/{@code repoExcludes}.
 */
public record Selector(String kind, String decoration, String pattern, boolean untagged, Doublestar glob) {
    public static final Set<String> TAG_DECORATIONS = Set.of("matches", "excludes");
    public static final Set<String> REPOSITORY_DECORATIONS = Set.of("repoMatches", "repoExcludes");

    /** @throws IllegalArgumentException naming what is wrong, prefixed with {@code where} */
    public static Selector parse(JsonValue value, Set<String> decorations, String where) {
        if (!(value instanceof JsonObject o)) throw new IllegalArgumentException(where + " must be an object");
        String kind = string(o, "kind", where);
        if (!"doublestar".equals(kind)) throw new IllegalArgumentException(where + ".kind must be doublestar");
        String decoration = string(o, "decoration", where);
        if (!decorations.contains(decoration)) {
            throw new IllegalArgumentException(where + ".decoration must be one of " + String.join(", ", new java.util.TreeSet<>(decorations)));
        }
        String pattern = string(o, "pattern", where);
        Doublestar glob;
        try {
            glob = Doublestar.compile(pattern);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ".pattern: " + e.getMessage());
        }
        return new Selector(kind, decoration, pattern, untagged(o, where), glob);
    }

    /** Whether a name is selected: it matches the pattern, or (an exclusion) it does not. */
    public boolean selects(String name) {
        boolean match = glob.matches(name);
        return decoration.endsWith("xcludes") != match;
    }

    public JsonObject toJson() {
        return Json.createObjectBuilder().add("kind", kind).add("decoration", decoration).add("pattern", pattern)
                .add("extras", Json.createObjectBuilder().add("untagged", untagged).build().toString()).build();
    }

    private static boolean untagged(JsonObject o, String where) {
        JsonValue extras = o.get("extras");
        if (extras == null || extras == JsonValue.NULL) return false;
        if (extras.getValueType() != JsonValue.ValueType.STRING) throw new IllegalArgumentException(where + ".extras must be a JSON string");
        String text = o.getString("extras");
        if (text.isBlank()) return false;
        try (var reader = Json.createReader(new StringReader(text))) {
            JsonValue u = reader.readObject().get("untagged");
            if (u == null) return false;
            if (u != JsonValue.TRUE && u != JsonValue.FALSE) throw new IllegalArgumentException(where + ".extras untagged must be true or false");
            return u == JsonValue.TRUE;
        } catch (ClassCastException | jakarta.json.JsonException e) {
            throw new IllegalArgumentException(where + ".extras must be a JSON object in a string, as {\"untagged\":true}");
        }
    }

    private static String string(JsonObject o, String key, String where) {
        JsonValue v = o.get(key);
        if (v == null || v.getValueType() != JsonValue.ValueType.STRING) throw new IllegalArgumentException(where + "." + key + " must be a string");
        return o.getString(key);
    }
}
