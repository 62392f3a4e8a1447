package io.wharf.scan.clair.client;

import io.wharf.scan.spi.RemoteErrors;
import jakarta.json.JsonString;
import jakarta.ws.rs.core.Response;

/**
 * Clair answered with an error status. {@link #clairMessage()} is what Clair said
 * ({@code {"code","message"}}, or the whole body when it is not that shape); it is Clair's
 * text, so whoever shows it must first remove any credential it may repeat, then shorten it.
 */
public class ClairException extends RuntimeException {
    private final int status;
    private final String clairMessage;

    public ClairException(int status, String clairMessage) {
        super("Clair answered " + status);
        this.status = status;
        this.clairMessage = clairMessage;
    }

    /** The HTTP status Clair answered. */
    public int status() { return status; }

    /** Clair's error message, possibly empty; may repeat request details, so redact before showing. */
    public String clairMessage() { return clairMessage; }

    /** Clair's message from an error response: {@code message} (and {@code code}) of its JSON, else the text. */
    static String messageOf(Response response) {
        String body = RemoteErrors.body(response);
        return RemoteErrors.oneLine(RemoteErrors.jsonObject(body)
                .filter(error -> error.get("message") instanceof JsonString)
                .map(error -> (error.get("code") instanceof JsonString c && !c.getString().isBlank() ? c.getString() + ": " : "")
                        + error.getString("message"))
                .orElse(body));
    }
}
