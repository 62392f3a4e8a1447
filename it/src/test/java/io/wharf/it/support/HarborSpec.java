package io.wharf.it.support;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import jakarta.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Harbor's API contract (its swagger 2.0 file, {@code harbor/swagger.yaml} in the test resources):
 * the operations of some tags, and each operation's answer schemas as JSON Schema draft 4 documents
 * that carry the swagger's {@code definitions}, so that every {@code $ref} resolves.
 */
public final class HarborSpec {
    /** One operation as the swagger declares it. */
    public record Operation(String id, String method, String path, Set<String> tags, Map<String, Object> responses, List<String> produces) {}

    private final String basePath;
    private final Map<String, Operation> operations = new LinkedHashMap<>();
    private final Map<String, Object> definitions;
    private final SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4);

    @SuppressWarnings("unchecked")
    private HarborSpec(Map<String, Object> swagger) {
        basePath = (String) swagger.get("basePath");
        definitions = (Map<String, Object>) draft4((Map<String, Object>) swagger.get("definitions"));
        Map<String, Map<String, Object>> paths = (Map<String, Map<String, Object>>) swagger.get("paths");
        List<String> produces = (List<String>) swagger.getOrDefault("produces", List.of("application/json"));
        paths.forEach((path, ops) -> ops.forEach((method, o) -> {
            if (method.equals("parameters")) return;
            Map<String, Object> op = (Map<String, Object>) o;
            Operation operation = new Operation((String) op.get("operationId"), method.toUpperCase(), path,
                    Set.copyOf((List<String>) op.getOrDefault("tags", List.of())), (Map<String, Object>) op.get("responses"),
                    (List<String>) op.getOrDefault("produces", produces));
            operations.put(operation.id(), operation);
        }));
    }

    @SuppressWarnings("unchecked")
    public static HarborSpec load() {
        try (InputStream in = HarborSpec.class.getResourceAsStream("/harbor/swagger.yaml")) {
            LoaderOptions options = new LoaderOptions();
            options.setCodePointLimit(16 * 1024 * 1024);
            return new HarborSpec((Map<String, Object>) new Yaml(options).load(in));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read harbor/swagger.yaml", e);
        }
    }

    public String basePath() { return basePath; }

    public Operation operation(String id) {
        Operation op = operations.get(id);
        if (op == null) throw new IllegalArgumentException("Harbor's swagger has no operation " + id);
        return op;
    }

    /** The operation ids tagged with any of these tags, in the swagger's order. */
    public List<String> operationsTagged(Set<String> tags) {
        return operations.values().stream().filter(o -> o.tags().stream().anyMatch(tags::contains)).map(Operation::id).toList();
    }

    /** The headers the operation declares for an answer of this status ({@code X-Total-Count}, {@code Link} ...). */
    @SuppressWarnings("unchecked")
    public Set<String> headers(Operation op, int status) {
        Object answer = op.responses().entrySet().stream().filter(e -> String.valueOf(e.getKey()).equals(String.valueOf(status)))
                .map(Map.Entry::getValue).findFirst().orElse(null);
        if (!(answer instanceof Map<?, ?> a) || !(a.get("headers") instanceof Map<?, ?> h)) return Set.of();
        return Set.copyOf(((Map<String, Object>) h).keySet());
    }

    /** Whether the operation declares this status among its answers. */
    public boolean declares(Operation op, int status) {
        return op.responses().keySet().stream().anyMatch(k -> String.valueOf(k).equals(String.valueOf(status)));
    }

    /**
     * What is wrong with this answer body by the schema the operation declares for its status; an
     * empty list when it is valid, when the schema is a plain string or a file (Harbor declares
     * logs and additions so), or when the status has no schema.
     */
    @SuppressWarnings("unchecked")
    public List<String> violations(Operation op, int status, String body) {
        Map<String, Object> response = null;
        for (var e : op.responses().entrySet()) {
            if (String.valueOf(e.getKey()).equals(String.valueOf(status))) response = (Map<String, Object>) e.getValue();
        }
        if (response == null || !(response.get("schema") instanceof Map)) return List.of();
        Map<String, Object> schema = (Map<String, Object>) draft4(response.get("schema"));
        Object type = schema.get("type");
        if ("string".equals(type) || "file".equals(type)) return List.of();
        if (body == null || body.isBlank()) return List.of("empty body where the swagger declares " + schema);
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("definitions", definitions);
        document.put("allOf", List.of(schema));
        Schema compiled = registry.getSchema(Json.createObjectBuilder(document).build().toString(), InputFormat.JSON);
        List<String> out = new ArrayList<>();
        for (Error error : compiled.validate(body, InputFormat.JSON)) out.add(error.toString());
        return out;
    }

    /**
     * A swagger 2.0 schema as JSON Schema draft 4: {@code x-nullable} becomes a type that admits
     * null, vendor keys go, and only the {@code date-time} format is kept (swagger's integer formats
     * such as {@code int64} are no JSON Schema formats).
     */
    @SuppressWarnings("unchecked")
    private static Object draft4(Object node) {
        if (node instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            boolean nullable = Boolean.TRUE.equals(map.get("x-nullable"));
            for (var e : ((Map<String, Object>) map).entrySet()) {
                String key = e.getKey();
                if (key.startsWith("x-") || key.equals("example") || key.equals("discriminator")) continue;
                if (key.equals("format") && e.getValue() instanceof String f && !f.equals("date-time")) continue;
                if (key.equals("type") && "file".equals(e.getValue())) continue;
                out.put(key, draft4(e.getValue()));
            }
            if (nullable && out.get("type") instanceof String t) out.put("type", List.of(t, "null"));
            if (nullable && out.containsKey("$ref")) {
                Object ref = out.remove("$ref");
                out.put("anyOf", List.of(Map.of("$ref", ref), Map.of("type", "null")));
            }
            return out;
        }
        if (node instanceof List<?> list) return list.stream().map(HarborSpec::draft4).toList();
        return node;
    }
}
