package io.wharf.robot;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A binding's conditions on a workload token's claims: claim name to a value it must equal, or a
 * glob where {@code *} stands for any run of characters (nothing else is special). Every condition
 * must hold; a claim that is missing, or not a string, number or boolean, never matches; a list
 * claim matches when one of its elements does.
 */
public final class ClaimConditions {
    public static final int MAX_CONDITIONS = 20;

    private ClaimConditions() {}

    public static boolean matches(Map<String, Object> claims, Map<String, String> conditions) {
        if (conditions.isEmpty()) return false;
        for (Map.Entry<String, String> c : conditions.entrySet()) {
            if (!claimMatches(claims.get(c.getKey()), c.getValue())) return false;
        }
        return true;
    }

    private static boolean claimMatches(Object value, String expected) {
        if (value instanceof List<?> list) return list.stream().anyMatch(v -> !(v instanceof List) && claimMatches(v, expected));
        if (!(value instanceof String || value instanceof Number || value instanceof Boolean)) return false;
        return glob(expected).matcher(value.toString()).matches();
    }

    static Pattern glob(String expected) {
        String[] parts = expected.split("\\*", -1);
        StringBuilder regex = new StringBuilder(Pattern.quote(parts[0]));
        for (int i = 1; i < parts.length; i++) regex.append(".*").append(Pattern.quote(parts[i]));
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }

    public static String toJson(Map<String, String> conditions) {
        JsonObjectBuilder o = Json.createObjectBuilder();
        conditions.forEach(o::add);
        return o.build().toString();
    }

    public static Map<String, String> fromJson(String json) {
        Map<String, String> result = new LinkedHashMap<>();
        try (JsonReader reader = Json.createReader(new StringReader(json))) {
            JsonObject o = reader.readObject();
            for (Map.Entry<String, JsonValue> e : o.entrySet()) {
                result.put(e.getKey(), o.getString(e.getKey()));
            }
        }
        return result;
    }
}
