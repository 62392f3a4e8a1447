package io.wharf.registry;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParser;
import java.io.ByteArrayInputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a manifest body before the registry sees it, so that a client sending junk gets
 * {@code 400 MANIFEST_INVALID} from Wharf rather than whatever the registry makes of it (for
 * {@code null} that was a 500). The checks are the shape Distribution and the OCI image spec
 * require; the registry still checks the content (blobs exist, digests match).
 */
public final class ManifestValidator {
    public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    public static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
    public static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
    public static final String DOCKER_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";
    private static final Set<String> DOCKER_V1 = Set.of("application/vnd.docker.distribution.manifest.v1+json",
            "application/vnd.docker.distribution.manifest.v1+prettyjws");
    private static final Pattern DIGEST = Pattern.compile("[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]+");
    /** Deeper than any real manifest; stops a nested-array bomb before the parser builds it. */
    private static final int MAX_DEPTH = 32;

    private ManifestValidator() {}

    /** Why this body cannot be a manifest, or empty when its shape is right. */
    public static Optional<String> problem(byte[] body, String contentType) {
        if (body == null || body.length == 0) return Optional.of("the manifest is empty");
        if (!validUtf8(body)) return Optional.of("the manifest is not UTF-8 text");
        if (tooDeep(body)) return Optional.of("the manifest nests deeper than " + MAX_DEPTH + " levels");
        JsonValue value;
        try (var reader = Json.createReader(new ByteArrayInputStream(body))) {
            value = reader.readValue();
        } catch (RuntimeException e) {
            return Optional.of("the manifest is not JSON");
        }
        if (value.getValueType() != JsonValue.ValueType.OBJECT) return Optional.of("the manifest must be a JSON object");
        JsonObject m = value.asJsonObject();
        JsonValue version = m.get("schemaVersion");
        if (!(version instanceof JsonNumber n) || !n.isIntegral()) return Optional.of("schemaVersion is missing or not a number");
        String declared = m.get("mediaType") instanceof jakarta.json.JsonString s ? s.getString() : null;
        if (m.containsKey("mediaType") && declared == null) return Optional.of("mediaType must be a string");
        String header = contentType == null ? null : contentType.split(";", 2)[0].strip().toLowerCase();
        if (n.longValue() == 1) {
            return DOCKER_V1.contains(header) || DOCKER_V1.contains(declared) || header == null || declared == null
                    ? Optional.empty() : Optional.of("a schema 1 manifest has no media type " + declared);
        }
        if (n.longValue() != 2) return Optional.of("schemaVersion must be 2");
        String type = declared != null ? declared : header;
        if (type == null) return Optional.of("mediaType is missing");
        if (declared != null && header != null && !header.equals("application/json") && !header.equals(declared)) {
            return Optional.of("the Content-Type " + header + " differs from the manifest's mediaType " + declared);
        }
        return switch (type) {
            case OCI_MANIFEST, DOCKER_MANIFEST -> imageProblem(m);
            case OCI_INDEX, DOCKER_LIST -> indexProblem(m);
            default -> Optional.of("unsupported manifest media type " + type);
        };
    }

    private static Optional<String> imageProblem(JsonObject m) {
        if (!(m.get("config") instanceof JsonObject config)) return Optional.of("config is missing");
        Optional<String> c = descriptorProblem(config, "config");
        if (c.isPresent()) return c;
        if (!(m.get("layers") instanceof JsonArray layers)) return Optional.of("layers must be an array");
        for (int i = 0; i < layers.size(); i++) {
            if (!(layers.get(i) instanceof JsonObject layer)) return Optional.of("layers[" + i + "] must be an object");
            Optional<String> p = descriptorProblem(layer, "layers[" + i + "]");
            if (p.isPresent()) return p;
        }
        return subjectProblem(m);
    }

    private static Optional<String> indexProblem(JsonObject m) {
        if (!(m.get("manifests") instanceof JsonArray manifests)) return Optional.of("manifests must be an array");
        for (int i = 0; i < manifests.size(); i++) {
            if (!(manifests.get(i) instanceof JsonObject d)) return Optional.of("manifests[" + i + "] must be an object");
            Optional<String> p = descriptorProblem(d, "manifests[" + i + "]");
            if (p.isPresent()) return p;
        }
        return subjectProblem(m);
    }

    private static Optional<String> subjectProblem(JsonObject m) {
        if (!m.containsKey("subject")) return Optional.empty();
        if (!(m.get("subject") instanceof JsonObject s)) return Optional.of("subject must be an object");
        return descriptorProblem(s, "subject");
    }

    private static Optional<String> descriptorProblem(JsonObject d, String where) {
        if (!(d.get("mediaType") instanceof jakarta.json.JsonString t) || t.getString().isBlank()) {
            return Optional.of(where + ".mediaType is missing");
        }
        if (!(d.get("digest") instanceof jakarta.json.JsonString digest) || !DIGEST.matcher(digest.getString()).matches()) {
            return Optional.of(where + ".digest is missing or malformed");
        }
        if (!(d.get("size") instanceof JsonNumber size) || !size.isIntegral() || size.bigIntegerValue().signum() < 0
                || size.bigIntegerValue().bitLength() > 63) {
            return Optional.of(where + ".size must be a non-negative integer");
        }
        return Optional.empty();
    }

    private static boolean validUtf8(byte[] body) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    private static boolean tooDeep(byte[] body) {
        int depth = 0;
        try (JsonParser parser = Json.createParser(new ByteArrayInputStream(body))) {
            while (parser.hasNext()) {
                JsonParser.Event e = parser.next();
                if (e == JsonParser.Event.START_ARRAY || e == JsonParser.Event.START_OBJECT) {
                    if (++depth > MAX_DEPTH) return true;
                } else if (e == JsonParser.Event.END_ARRAY || e == JsonParser.Event.END_OBJECT) {
                    depth--;
                }
            }
        } catch (RuntimeException e) {
            return false; // not JSON: the reader says so next
        }
        return false;
    }
}
