package io.wharf.scan.spi;

import io.wharf.scanner.JsonSupport;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.ws.rs.core.Response;
import java.io.StringReader;
import java.util.Optional;

/**
 * Reading a remote scanner's error answer: its body as text and, when it is one, as a JSON object.
 * The text is the remote system's own, so whoever shows it must redact it first ({@link Redactor}).
 */
public final class RemoteErrors {
    private RemoteErrors() { }

    /** The answer's body, empty when there is none or it cannot be read. */
    public static String body(Response response) {
        try {
            String body = response.hasEntity() ? response.readEntity(String.class) : "";
            return body == null ? "" : body;
        } catch (RuntimeException e) {
            return "";
        }
    }

    /** The body as a JSON object, if it is one (a proxy's page or plain text is not). */
    public static Optional<JsonObject> jsonObject(String body) {
        if (body.isBlank()) return Optional.empty();
        try (var reader = JsonSupport.PROVIDER.createReader(new StringReader(body))) {
            JsonValue value = reader.readValue();
            return value instanceof JsonObject object ? Optional.of(object) : Optional.empty();
        } catch (RuntimeException notJson) {
            return Optional.empty();
        }
    }

    /** Whitespace collapsed, nothing cut: a cut could split a credential that the caller must still recognise. */
    public static String oneLine(String text) {
        return text.strip().replaceAll("\\s+", " ");
    }
}
