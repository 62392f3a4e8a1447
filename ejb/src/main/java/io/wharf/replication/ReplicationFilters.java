package io.wharf.replication;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.StringReader;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;

/**
 * A rule's filters as Harbor writes them: {@code name} (repository glob, {@code **} crosses
 * {@code /}, {@code *} does not) and {@code tag} (glob, {@code decoration} matches or excludes).
 * An absent filter lets everything through.
 */
public record ReplicationFilters(String name, String tag, boolean tagExcludes) {
    public static final ReplicationFilters ALL = new ReplicationFilters(null, null, false);

    /** @throws IllegalArgumentException naming what is wrong */
    public ReplicationFilters {
        name = blankToNull(name);
        tag = blankToNull(tag);
        matcher(name, "name");
        matcher(tag, "tag");
    }

    public boolean matchesRepository(String repository) { return name == null || matcher(name, "name").matches(Path.of(repository)); }

    public boolean matchesTag(String t) {
        if (tag == null) return true;
        if (t == null || t.isEmpty()) return tagExcludes;
        boolean m = matcher(tag, "tag").matches(Path.of(t));
        return tagExcludes != m;
    }

    public String toJson() { return json().toString(); }

    /** Harbor's {@code filters} array. */
    public jakarta.json.JsonArray json() {
        JsonArrayBuilder a = Json.createArrayBuilder();
        if (name != null) a.add(Json.createObjectBuilder().add("type", "name").add("value", name));
        if (tag != null) a.add(Json.createObjectBuilder().add("type", "tag").add("value", tag).add("decoration", tagExcludes ? "excludes" : "matches"));
        return a.build();
    }

    public static ReplicationFilters fromJson(String json) {
        if (json == null || json.isBlank()) return ALL;
        String name = null;
        String tag = null;
        boolean excludes = false;
        try (JsonReader r = Json.createReader(new StringReader(json))) {
            for (JsonObject f : r.readArray().getValuesAs(JsonObject.class)) {
                switch (f.getString("type", "")) {
                    case "name" -> name = f.getString("value", null);
                    case "tag" -> {
                        tag = f.getString("value", null);
                        excludes = "excludes".equals(f.getString("decoration", "matches"));
                    }
                    default -> { }
                }
            }
        }
        return new ReplicationFilters(name, tag, excludes);
    }

    private static PathMatcher matcher(String glob, String what) {
        if (glob == null) return p -> true;
        if (glob.length() > 255) throw new IllegalArgumentException(what + " filter is at most 255 characters");
        try {
            return FileSystems.getDefault().getPathMatcher("glob:" + glob);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + " filter is not a valid pattern: " + glob);
        }
    }

    private static String blankToNull(String s) { return s == null || s.isBlank() ? null : s.strip(); }
}
