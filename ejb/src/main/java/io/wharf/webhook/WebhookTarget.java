package io.wharf.webhook;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Where a policy delivers, Harbor's {@code WebhookTargetObject}: {@code http} or {@code slack}, an
 * address, an optional {@code Authorization} header value, whether to skip certificate
 * verification, and the payload format of an http target ({@code Default} or {@code CloudEvents}).
 */
public record WebhookTarget(String type, String address, String authHeader, boolean skipCertVerify, String payloadFormat) {
    public static final Set<String> TYPES = Set.of("http", "slack");
    public static final Set<String> FORMATS = Set.of("Default", "CloudEvents");

    /** @throws IllegalArgumentException naming what is wrong */
    public static WebhookTarget checked(String type, String address, String authHeader, Boolean skipCertVerify, String payloadFormat) {
        String t = type == null || type.isBlank() ? "http" : type;
        if (!TYPES.contains(t)) throw new IllegalArgumentException("targets[].type must be http or slack");
        if (address == null || address.isBlank()) throw new IllegalArgumentException("targets[].address is required");
        URI uri;
        try {
            uri = URI.create(address.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("targets[].address is not a URL: " + address);
        }
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
            throw new IllegalArgumentException("targets[].address must be an http or https URL");
        }
        String f = payloadFormat == null || payloadFormat.isBlank() ? "Default" : payloadFormat;
        if (!FORMATS.contains(f)) throw new IllegalArgumentException("targets[].payload_format must be Default or CloudEvents");
        if ("slack".equals(t) && !"Default".equals(f)) throw new IllegalArgumentException("a slack target has the Default payload format only");
        if (authHeader != null && (authHeader.length() > 1024 || authHeader.contains("\n") || authHeader.contains("\r"))) {
            throw new IllegalArgumentException("targets[].auth_header must be one line of at most 1024 characters");
        }
        return new WebhookTarget(t, uri.toString(), authHeader == null || authHeader.isBlank() ? null : authHeader,
                Boolean.TRUE.equals(skipCertVerify), f);
    }

    public boolean cloudEvents() { return "CloudEvents".equals(payloadFormat); }

    public JsonObject toJson() {
        var b = Json.createObjectBuilder().add("type", type).add("address", address)
                .add("skip_cert_verify", skipCertVerify).add("payload_format", payloadFormat);
        if (authHeader != null) b.add("auth_header", authHeader);
        return b.build();
    }

    static String toJson(List<WebhookTarget> targets) {
        JsonArrayBuilder a = Json.createArrayBuilder();
        targets.forEach(t -> a.add(t.toJson()));
        return a.build().toString();
    }

    static List<WebhookTarget> fromJson(String json) {
        List<WebhookTarget> out = new ArrayList<>();
        if (json == null || json.isBlank()) return out;
        try (var r = Json.createReader(new StringReader(json))) {
            JsonArray a = r.readArray();
            for (JsonObject o : a.getValuesAs(JsonObject.class)) {
                out.add(new WebhookTarget(o.getString("type", "http"), o.getString("address", ""),
                        o.containsKey("auth_header") ? o.getString("auth_header") : null,
                        o.getBoolean("skip_cert_verify", false), o.getString("payload_format", "Default")));
            }
        }
        return out;
    }
}
