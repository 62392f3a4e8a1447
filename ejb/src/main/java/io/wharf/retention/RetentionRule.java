package io.wharf.retention;

import io.wharf.tagrules.TagRule;
import jakarta.json.Json;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.util.List;

/**
 * One rule of a retention policy: what it keeps ({@code template} with its number) of the artifacts
 * its selectors choose. Harbor's templates: the latest K pushed, the latest N pulled, those pushed or
 * pulled within N days, or always.
 */
public record RetentionRule(int id, int priority, boolean disabled, String template, int number, TagRule selectors) {
    public static final String LATEST_PUSHED = "latestPushedK";
    public static final String LATEST_PULLED = "latestPulledN";
    public static final String DAYS_SINCE_PUSH = "nDaysSinceLastPush";
    public static final String DAYS_SINCE_PULL = "nDaysSinceLastPull";
    public static final String ALWAYS = "always";
    public static final List<String> TEMPLATES = List.of(LATEST_PUSHED, LATEST_PULLED, DAYS_SINCE_PUSH, DAYS_SINCE_PULL, ALWAYS);
    /** Harbor's limit on a template's number. */
    static final int MAX_NUMBER = 99999;

    /** @throws IllegalArgumentException naming what is wrong in {@code rules[index]} */
    static RetentionRule parse(JsonValue value, int index) {
        String where = "rules[" + index + "]";
        if (!(value instanceof JsonObject rule)) throw new IllegalArgumentException(where + " must be an object");
        JsonValue action = rule.get("action");
        if (action != null && action != JsonValue.NULL && !(action.getValueType() == JsonValue.ValueType.STRING && "retain".equals(rule.getString("action")))) {
            throw new IllegalArgumentException(where + ".action must be retain");
        }
        JsonValue t = rule.get("template");
        if (t == null || t.getValueType() != JsonValue.ValueType.STRING || !TEMPLATES.contains(rule.getString("template"))) {
            throw new IllegalArgumentException(where + ".template must be one of " + String.join(", ", TEMPLATES));
        }
        String template = rule.getString("template");
        int number = 0;
        if (!template.equals(ALWAYS)) {
            JsonValue params = rule.get("params");
            JsonValue n = params instanceof JsonObject p ? p.get(template) : null;
            if (!(n instanceof JsonNumber num) || !num.isIntegral() || num.longValue() < 1 || num.longValue() > MAX_NUMBER) {
                throw new IllegalArgumentException(where + ".params." + template + " must be a whole number from 1 to " + MAX_NUMBER);
            }
            number = num.intValue();
        }
        JsonValue disabled = rule.get("disabled");
        if (disabled != null && disabled != JsonValue.NULL && disabled != JsonValue.TRUE && disabled != JsonValue.FALSE) {
            throw new IllegalArgumentException(where + ".disabled must be true or false");
        }
        int priority = rule.get("priority") instanceof JsonNumber p ? p.intValue() : 0;
        return new RetentionRule(index + 1, priority, disabled == JsonValue.TRUE, template, number, TagRule.parse(rule, where));
    }

    JsonObject toJson() {
        JsonObjectBuilder params = Json.createObjectBuilder();
        if (!template.equals(ALWAYS)) params.add(template, number);
        return Json.createObjectBuilder().add("id", id).add("priority", priority).add("disabled", disabled)
                .add("action", "retain").add("template", template).add("params", params)
                .add("tag_selectors", selectors.tagSelectorsJson()).add("scope_selectors", selectors.scopeSelectorsJson()).build();
    }

    /** What the rule keeps, in words for the run's log. */
    String describe() {
        return switch (template) {
            case LATEST_PUSHED -> "retain the " + number + " most recently pushed";
            case LATEST_PULLED -> "retain the " + number + " most recently pulled";
            case DAYS_SINCE_PUSH -> "retain those pushed within " + number + " days";
            case DAYS_SINCE_PULL -> "retain those pulled within " + number + " days";
            default -> "retain always";
        } + " of tags " + selectors.tags().stream().map(s -> (s.decoration().equals("excludes") ? "not " : "") + s.pattern()
                + (s.untagged() ? " (and untagged)" : "")).toList()
                + " in repositories " + selectors.repositories().stream().map(s -> (s.decoration().equals("repoExcludes") ? "not " : "") + s.pattern()).toList();
    }
}
