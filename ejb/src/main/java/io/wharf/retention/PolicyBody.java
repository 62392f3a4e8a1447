package io.wharf.retention;

import io.wharf.jobservice.CronSpecs;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;

/**
 * A retention policy as Harbor's API carries it: {@code algorithm "or"}, {@code rules},
 * {@code trigger} ({@code kind "Schedule"}, {@code settings.cron}, empty for none) and
 * {@code scope} ({@code level "project"}, {@code ref} the project id).
 */
public record PolicyBody(List<RetentionRule> rules, String cron, long projectId) {
    /** Harbor allows at most 15 rules in a policy. */
    static final int MAX_RULES = 15;

    /** @throws IllegalArgumentException naming the field that is wrong */
    public static PolicyBody parse(JsonObject body) {
        if (body == null) throw new IllegalArgumentException("a JSON body with rules, trigger and scope is required");
        JsonValue algorithm = body.get("algorithm");
        if (algorithm != null && algorithm != JsonValue.NULL
                && !(algorithm.getValueType() == JsonValue.ValueType.STRING && "or".equals(body.getString("algorithm")))) {
            throw new IllegalArgumentException("algorithm must be or");
        }
        JsonValue rs = body.get("rules");
        if (!(rs instanceof JsonArray array)) throw new IllegalArgumentException("rules must be an array");
        if (array.size() > MAX_RULES) throw new IllegalArgumentException("a policy has at most " + MAX_RULES + " rules");
        List<RetentionRule> rules = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) rules.add(RetentionRule.parse(array.get(i), i));
        JsonValue scope = body.get("scope");
        if (!(scope instanceof JsonObject s) || !"project".equals(s.getString("level", null)) || !(s.get("ref") instanceof JsonNumber ref)
                || !ref.isIntegral()) {
            throw new IllegalArgumentException("scope must be {\"level\":\"project\",\"ref\":<project id>}");
        }
        return new PolicyBody(List.copyOf(rules), cron(body.get("trigger")), ref.longValue());
    }

    public static PolicyBody read(String json) {
        try (var reader = Json.createReader(new StringReader(json))) {
            return parse(reader.readObject());
        }
    }

    private static String cron(JsonValue trigger) {
        if (trigger == null || trigger == JsonValue.NULL) return null;
        if (!(trigger instanceof JsonObject t)) throw new IllegalArgumentException("trigger must be an object");
        JsonValue kind = t.get("kind");
        if (kind != null && kind != JsonValue.NULL && !(kind.getValueType() == JsonValue.ValueType.STRING && "Schedule".equals(t.getString("kind")))) {
            throw new IllegalArgumentException("trigger.kind must be Schedule");
        }
        JsonValue settings = t.get("settings");
        if (settings == null || settings == JsonValue.NULL) return null;
        if (!(settings instanceof JsonObject s)) throw new IllegalArgumentException("trigger.settings must be an object");
        JsonValue cron = s.get("cron");
        if (cron == null || cron == JsonValue.NULL) return null;
        if (cron.getValueType() != JsonValue.ValueType.STRING) throw new IllegalArgumentException("trigger.settings.cron must be a string");
        String spec = s.getString("cron").strip();
        if (spec.isEmpty()) return null;
        try {
            CronSpecs.validate(spec);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("trigger.settings.cron: " + e.getMessage());
        }
        return spec;
    }

    /** The policy as the API answers it. */
    public JsonObject toJson(long id) {
        JsonArrayBuilder rs = Json.createArrayBuilder();
        rules.forEach(r -> rs.add(r.toJson()));
        return Json.createObjectBuilder().add("id", id).add("algorithm", "or").add("rules", rs)
                .add("trigger", Json.createObjectBuilder().add("kind", "Schedule")
                        .add("settings", Json.createObjectBuilder().add("cron", cron == null ? "" : cron))
                        .add("references", Json.createObjectBuilder().add("job_id", id)))
                .add("scope", Json.createObjectBuilder().add("level", "project").add("ref", projectId)).build();
    }
}
