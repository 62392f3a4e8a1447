package io.wharf.scanner;

import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParser.Event;

/**
 * The one JSON-P provider the scanner uses. {@code Json.createX} looks the provider up on the class
 * path at every call, which cost a third of a cold scan; the provider itself is thread-safe.
 */
public final class JsonSupport {
    public static final JsonProvider PROVIDER = JsonProvider.provider();

    private JsonSupport() {}

    /**
     * Reads past the value that {@code value} started (nothing to do for a scalar), event by event. Not Parsson's
     * {@code skipObject}/{@code skipArray}: they loop forever on input that ends inside them (a cut file, a sniffed
     * prefix), where {@code next()} fails as it should.
     */
    public static void skipValue(JsonParser p, Event value) {
        if (value != Event.START_OBJECT && value != Event.START_ARRAY) {
            return;
        }
        int depth = 1;
        while (depth > 0) {
            Event e = p.next();
            if (e == Event.START_OBJECT || e == Event.START_ARRAY) {
                depth++;
            } else if (e == Event.END_OBJECT || e == Event.END_ARRAY) {
                depth--;
            }
        }
    }
}
