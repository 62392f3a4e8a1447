package io.wharf.tagrules;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;

/**
 * What a retention or immutability rule applies to: its {@code scope_selectors.repository} (on the
 * repository name without the project) and its {@code tag_selectors}. Every selector of a list must select.
 */
public record TagRule(List<Selector> repositories, List<Selector> tags) {
    /** @throws IllegalArgumentException naming the selector that is wrong */
    public static TagRule parse(JsonObject rule, String where) {
        List<Selector> tags = new ArrayList<>();
        JsonValue tagSelectors = rule.get("tag_selectors");
        if (!(tagSelectors instanceof JsonArray ts) || ts.isEmpty()) throw new IllegalArgumentException(where + ".tag_selectors must be a non-empty array");
        for (int i = 0; i < ts.size(); i++) tags.add(Selector.parse(ts.get(i), Selector.TAG_DECORATIONS, where + ".tag_selectors[" + i + "]"));
        List<Selector> repositories = new ArrayList<>();
        JsonValue scope = rule.get("scope_selectors");
        if (!(scope instanceof JsonObject s) || !(s.get("repository") instanceof JsonArray rs) || rs.isEmpty()) {
            throw new IllegalArgumentException(where + ".scope_selectors.repository must be a non-empty array");
        }
        for (int i = 0; i < rs.size(); i++) {
            repositories.add(Selector.parse(rs.get(i), Selector.REPOSITORY_DECORATIONS, where + ".scope_selectors.repository[" + i + "]"));
        }
        return new TagRule(List.copyOf(repositories), List.copyOf(tags));
    }

    /** Whether the rule covers this repository (its name within the project). */
    public boolean coversRepository(String repository) {
        return repositories.stream().allMatch(s -> s.selects(repository));
    }

    /** Whether the rule selects this tag. */
    public boolean selectsTag(String tag) {
        return tags.stream().allMatch(s -> s.selects(tag));
    }

    /**
     * Whether the rule selects an artifact with these tags: one of its tags is selected or, for an
     * untagged artifact, every tag selector includes untagged artifacts.
     */
    public boolean selectsArtifact(List<String> artifactTags) {
        if (artifactTags.isEmpty()) return tags.stream().allMatch(Selector::untagged);
        return artifactTags.stream().anyMatch(this::selectsTag);
    }

    public JsonArray tagSelectorsJson() {
        JsonArrayBuilder b = Json.createArrayBuilder();
        tags.forEach(s -> b.add(s.toJson()));
        return b.build();
    }

    public JsonObject scopeSelectorsJson() {
        JsonArrayBuilder b = Json.createArrayBuilder();
        repositories.forEach(s -> b.add(s.toJson()));
        return Json.createObjectBuilder().add("repository", b).build();
    }
}
