package io.wharf.scanner;

import jakarta.json.spi.JsonProvider;

/**
 * The one JSON-P provider the scanner uses. {@code Json.createX} looks the provider up on the class
 * path at every call, which cost a third of a cold scan; the provider itself is thread-safe.
 */
public final class JsonSupport {
    public static final JsonProvider PROVIDER = JsonProvider.provider();

    private JsonSupport() {}
}
