package io.wharf.web.http;

import io.wharf.common.WharfException;
import jakarta.json.Json;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParser;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * JSON request bodies read into a record are checked against the record's types before JSON-B
 * sees them, because JSON-B is lenient ({@code "yes"} becomes {@code false}, {@code "3"} an
 * integer, {@code 1e30} overflows). A value of the wrong type, invalid UTF-8, nesting deeper than
 * {@value #MAX_DEPTH}, or a string longer than {@value #MAX_STRING} characters is refused with 400;
 * fields the record does not have are ignored, as Harbor ignores them.
 */
@Provider
public class StrictJson implements ReaderInterceptor {
    static final int MAX_DEPTH = 16;
    static final int MAX_STRING = 4096;

    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
        if (!(context.getType().isRecord()) || context.getMediaType() == null
                || !context.getMediaType().isCompatible(MediaType.APPLICATION_JSON_TYPE)) {
            return context.proceed();
        }
        byte[] body = context.getInputStream().readAllBytes();
        if (body.length == 0) return null;
        check(body, context.getType());
        context.setInputStream(new ByteArrayInputStream(body));
        return context.proceed();
    }

    /** Throws a 400 naming the first problem of this body for the record type. */
    public static void check(byte[] body, Class<?> type) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body));
        } catch (CharacterCodingException e) {
            throw WharfException.badRequest("the request body is not UTF-8");
        }
        JsonValue value;
        try (JsonParser parser = Json.createParser(new ByteArrayInputStream(body))) {
            if (!parser.hasNext()) throw WharfException.badRequest("the request body is empty");
            parser.next();
            value = read(parser, 1);
            if (parser.hasNext()) throw WharfException.badRequest("the request body has more than one JSON value");
        } catch (jakarta.json.JsonException e) {
            throw WharfException.badRequest("the request body is not valid JSON");
        }
        if (value.getValueType() == JsonValue.ValueType.NULL) return;
        conforms(value, type, "body");
    }

    private static JsonValue read(JsonParser parser, int depth) {
        if (depth > MAX_DEPTH) throw WharfException.badRequest("the request body nests deeper than " + MAX_DEPTH + " levels");
        JsonParser.Event e = parser.currentEvent();
        switch (e) {
            case START_OBJECT -> {
                var b = Json.createObjectBuilder();
                while (parser.next() != JsonParser.Event.END_OBJECT) {
                    String key = parser.getString();
                    if (key.length() > MAX_STRING) throw WharfException.badRequest("a field name is too long");
                    parser.next();
                    b.add(key, read(parser, depth + 1));
                }
                return b.build();
            }
            case START_ARRAY -> {
                var b = Json.createArrayBuilder();
                while (parser.next() != JsonParser.Event.END_ARRAY) b.add(read(parser, depth + 1));
                return b.build();
            }
            case VALUE_STRING -> {
                String s = parser.getString();
                if (s.length() > MAX_STRING) throw WharfException.badRequest("a string in the request body is longer than " + MAX_STRING + " characters");
                return Json.createValue(s);
            }
            case VALUE_NUMBER -> { return Json.createValue(parser.getBigDecimal()); }
            case VALUE_TRUE -> { return JsonValue.TRUE; }
            case VALUE_FALSE -> { return JsonValue.FALSE; }
            default -> { return JsonValue.NULL; }
        }
    }

    private static void conforms(JsonValue value, Type type, String where) {
        if (value.getValueType() == JsonValue.ValueType.NULL) return;
        Class<?> raw = type instanceof Class<?> c ? c : type instanceof ParameterizedType p ? (Class<?>) p.getRawType() : Object.class;
        if (raw == String.class) {
            expect(value, JsonValue.ValueType.STRING, where, "a string");
        } else if (raw == Boolean.class || raw == boolean.class) {
            if (value != JsonValue.TRUE && value != JsonValue.FALSE) throw wrong(where, "true or false");
        } else if (raw == Integer.class || raw == int.class || raw == Long.class || raw == long.class) {
            expect(value, JsonValue.ValueType.NUMBER, where, "an integer");
            JsonNumber n = (JsonNumber) value;
            long max = raw == Integer.class || raw == int.class ? Integer.MAX_VALUE : Long.MAX_VALUE;
            long min = raw == Integer.class || raw == int.class ? Integer.MIN_VALUE : Long.MIN_VALUE;
            java.math.BigDecimal d = n.bigDecimalValue();
            if (d.stripTrailingZeros().scale() > 0 || d.compareTo(java.math.BigDecimal.valueOf(max)) > 0
                    || d.compareTo(java.math.BigDecimal.valueOf(min)) < 0) {
                throw wrong(where, "an integer in range");
            }
        } else if (Map.class.isAssignableFrom(raw)) {
            expect(value, JsonValue.ValueType.OBJECT, where, "an object");
            Type valueType = type instanceof ParameterizedType p ? p.getActualTypeArguments()[1] : Object.class;
            for (Map.Entry<String, JsonValue> e : value.asJsonObject().entrySet()) conforms(e.getValue(), valueType, where + "." + e.getKey());
        } else if (List.class.isAssignableFrom(raw)) {
            expect(value, JsonValue.ValueType.ARRAY, where, "an array");
            Type element = type instanceof ParameterizedType p ? p.getActualTypeArguments()[0] : Object.class;
            int i = 0;
            for (JsonValue v : value.asJsonArray()) conforms(v, element, where + "[" + i++ + "]");
        } else if (raw.isRecord()) {
            expect(value, JsonValue.ValueType.OBJECT, where, "an object");
            JsonObject o = value.asJsonObject();
            for (RecordComponent c : raw.getRecordComponents()) {
                String name = snake(c.getName());
                if (o.containsKey(name)) conforms(o.get(name), c.getGenericType(), name);
            }
        }
    }

    private static void expect(JsonValue value, JsonValue.ValueType type, String where, String what) {
        if (value.getValueType() != type) throw wrong(where, what);
    }

    private static WharfException wrong(String where, String what) {
        return WharfException.badRequest(where + " must be " + what);
    }

    /** The JSON name JSON-B gives a record component here (LOWER_CASE_WITH_UNDERSCORES). */
    static String snake(String camel) {
        StringBuilder b = new StringBuilder();
        for (char ch : camel.toCharArray()) {
            if (Character.isUpperCase(ch)) b.append('_').append(Character.toLowerCase(ch));
            else b.append(ch);
        }
        return b.toString();
    }
}
