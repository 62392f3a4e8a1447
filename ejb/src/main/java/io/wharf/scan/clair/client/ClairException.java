package io.wharf.scan.clair.client;

import io.wharf.scanner.JsonSupport;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.ws.rs.core.Response;
import java.io.StringReader;

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
        String body;
        try {
            body = response.hasEntity() ? response.readEntity(String.class) : "";
        } catch (RuntimeException e) {
            return "";
        }
        if (body == null || body.isBlank()) {
            return "";
        }
        try (var reader = JsonSupport.PROVIDER.createReader(new StringReader(body))) {
            JsonValue value = reader.readValue();
            if (value instanceof JsonObject error && error.get("message") instanceof JsonString message) {
                String code = error.get("code") instanceof JsonString c && !c.getString().isBlank() ? c.getString() + ": " : "";
                return oneLine(code + message.getString());
            }
        } catch (RuntimeException notJson) {
            // fall through: Clair's proxy or a plain-text error page
        }
        return oneLine(body);
    }

    /** Whitespace collapsed, nothing cut: a cut could split a credential that the caller must still recognise. */
    private static String oneLine(String text) {
        return text.strip().replaceAll("\s+", " ");
    }
}
