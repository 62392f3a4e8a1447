package io.wharf.scan.adapter.client;

import io.wharf.scan.spi.RemoteErrors;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.ws.rs.core.Response;

/**
 * The scanner adapter answered with an error status. {@link #adapterMessage()} is what it said
 * ({@code {"error":{"message"}}}, or the whole body when it is not that shape); it is the
 * adapter's text, so whoever shows it must first remove any credential it may repeat, then shorten it.
 */
public class AdapterException extends RuntimeException {
    private final int status;
    private final String adapterMessage;

    public AdapterException(int status, String adapterMessage) {
        super("the scanner adapter answered " + status);
        this.status = status;
        this.adapterMessage = adapterMessage;
    }

    /** The HTTP status the adapter answered. */
    public int status() { return status; }

    /** The adapter's error message, possibly empty; may repeat request details, so redact before showing. */
    public String adapterMessage() { return adapterMessage; }

    /** The message of an error response: {@code error.message} of its JSON, else the text. */
    static String messageOf(Response response) {
        String body = RemoteErrors.body(response);
        return RemoteErrors.oneLine(RemoteErrors.jsonObject(body)
                .filter(object -> object.get("error") instanceof JsonObject error && error.get("message") instanceof JsonString)
                .map(object -> object.getJsonObject("error").getString("message"))
                .orElse(body));
    }
}
