package io.wharf.scanner.vulndb;

import io.wharf.scanner.JsonSupport;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Small null-tolerant accessors over JSON-P values. */
final class Json {
    private Json() {
    }

    static String string(JsonObject o, String key) {
        if (o == null) {
            return null;
        }
        JsonValue v = o.get(key);
        return v instanceof JsonString s ? s.getString() : null;
    }

    static JsonObject object(JsonObject o, String key) {
        if (o == null) {
            return null;
        }
        JsonValue v = o.get(key);
        return v != null && v.getValueType() == JsonValue.ValueType.OBJECT ? v.asJsonObject() : null;
    }

    static JsonArray array(JsonObject o, String key) {
        if (o == null) {
            return JsonValue.EMPTY_JSON_ARRAY;
        }
        JsonValue v = o.get(key);
        return v != null && v.getValueType() == JsonValue.ValueType.ARRAY ? v.asJsonArray() : JsonValue.EMPTY_JSON_ARRAY;
    }

    static List<String> strings(JsonArray a) {
        List<String> out = new ArrayList<>();
        for (JsonValue v : a) {
            if (v instanceof JsonString s) {
                out.add(s.getString());
            }
        }
        return out;
    }

    static List<JsonObject> objects(JsonArray a) {
        List<JsonObject> out = new ArrayList<>();
        for (JsonValue v : a) {
            if (v.getValueType() == JsonValue.ValueType.OBJECT) {
                out.add(v.asJsonObject());
            }
        }
        return out;
    }

    /** Plain Java view (Map/List/String/Number/Boolean/null) so JSON and YAML documents can share one parser. */
    static Object toJava(JsonValue v) {
        return switch (v.getValueType()) {
            case OBJECT -> {
                Map<String, Object> m = new LinkedHashMap<>();
                v.asJsonObject().forEach((k, x) -> m.put(k, toJava(x)));
                yield m;
            }
            case ARRAY -> {
                List<Object> l = new ArrayList<>();
                v.asJsonArray().forEach(x -> l.add(toJava(x)));
                yield l;
            }
            case STRING -> ((JsonString) v).getString();
            case NUMBER -> ((JsonNumber) v).toString();
            case TRUE -> Boolean.TRUE;
            case FALSE -> Boolean.FALSE;
            case NULL -> null;
        };
    }

    /**
     * The JSON of a plain Java tree as a YAML loader gives it (Map/List/String; numbers and booleans too), so an
     * OSV record written in YAML goes through the same parser as JSON. A null becomes JSON null.
     */
    static JsonValue fromJava(Object o) {
        if (o == null) {
            return JsonValue.NULL;
        }
        if (o instanceof Map<?, ?> m) {
            var b = JsonSupport.PROVIDER.createObjectBuilder();
            m.forEach((k, v) -> b.add(String.valueOf(k), fromJava(v)));
            return b.build();
        }
        if (o instanceof List<?> l) {
            var b = JsonSupport.PROVIDER.createArrayBuilder();
            l.forEach(v -> b.add(fromJava(v)));
            return b.build();
        }
        if (o instanceof Boolean bool) {
            return bool ? JsonValue.TRUE : JsonValue.FALSE;
        }
        return JsonSupport.PROVIDER.createValue(String.valueOf(o));
    }
}
