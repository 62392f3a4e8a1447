package io.wharf.tagrules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Harbor's doublestar selectors on tags and repositories, with what the portal sends. */
class TagRuleTest {
    static JsonObject json(String text) {
        try (var r = Json.createReader(new StringReader(text))) {
            return r.readObject();
        }
    }

    static TagRule rule(String tagDecoration, String tagPattern, boolean untagged, String repoDecoration, String repoPattern) {
        return TagRule.parse(json("{\"tag_selectors\":[{\"kind\":\"doublestar\",\"decoration\":\"" + tagDecoration + "\",\"pattern\":\""
                + tagPattern + "\",\"extras\":\"{\\\"untagged\\\":" + untagged + "}\"}],\"scope_selectors\":{\"repository\":[{\"kind\":\"doublestar\","
                + "\"decoration\":\"" + repoDecoration + "\",\"pattern\":\"" + repoPattern + "\"}]}}"), "rule");
    }

    @Test
    void doublestarCrossesSlashesAndSingleStarDoesNot() {
        assertTrue(Doublestar.compile("**").matches("team/backend/api"));
        assertTrue(Doublestar.compile("team/**").matches("team/backend/api"));
        assertTrue(Doublestar.compile("**/api").matches("api"), "**/ also matches no directory");
        assertTrue(Doublestar.compile("team/*").matches("team/web"));
        assertFalse(Doublestar.compile("team/*").matches("team/backend/api"));
        assertFalse(Doublestar.compile("*").matches("team/web"));
    }

    @Test
    void tagPatternsAsHarborUsersWriteThem() {
        Doublestar releases = Doublestar.compile("v{1,2}.*");
        assertTrue(releases.matches("v1.0.3"));
        assertTrue(releases.matches("v2.11"));
        assertFalse(releases.matches("v3.0"));
        assertTrue(Doublestar.compile("release-[0-9]*").matches("release-2024.06"));
        assertFalse(Doublestar.compile("release-[0-9]*").matches("release-rc1"));
        assertTrue(Doublestar.compile("1.?").matches("1.9"));
        assertFalse(Doublestar.compile("1.?").matches("1.10"));
        assertTrue(Doublestar.compile("a.b").matches("a.b"));
        assertFalse(Doublestar.compile("a.b").matches("axb"), "a dot is literal, not a regex wildcard");
    }

    @Test
    void brokenPatternsAreRefusedWithTheReason() {
        assertEquals("unbalanced { in v{1,2", assertThrows(IllegalArgumentException.class, () -> Doublestar.compile("v{1,2")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> Doublestar.compile("release-[0-9"));
        assertThrows(IllegalArgumentException.class, () -> Doublestar.compile(""));
    }

    @Test
    void excludesSelectsWhatDoesNotMatch() {
        TagRule notDev = rule("excludes", "dev-*", false, "repoExcludes", "sandbox/**");
        assertTrue(notDev.selectsTag("1.4.0"));
        assertFalse(notDev.selectsTag("dev-9f2c1a"));
        assertTrue(notDev.coversRepository("team/api"));
        assertFalse(notDev.coversRepository("sandbox/try/one"));
    }

    @Test
    void anArtifactIsSelectedByAnyOfItsTagsAndUntaggedOnlyWhenAsked() {
        TagRule releases = rule("matches", "v*", false, "repoMatches", "**");
        assertTrue(releases.selectsArtifact(List.of("latest", "v1.2")));
        assertFalse(releases.selectsArtifact(List.of("latest", "nightly")));
        assertFalse(releases.selectsArtifact(List.of()));
        assertTrue(rule("matches", "**", true, "repoMatches", "**").selectsArtifact(List.of()));
    }

    @Test
    void wrongSelectorsAreNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> rule("contains", "v*", false, "repoMatches", "**"));
        assertEquals("rule.tag_selectors[0].decoration must be one of excludes, matches", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> rule("matches", "v*", false, "matches", "**"));
        assertTrue(e.getMessage().startsWith("rule.scope_selectors.repository[0].decoration"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> TagRule.parse(json("{\"tag_selectors\":[],\"scope_selectors\":{}}"), "rule"));
        assertEquals("rule.tag_selectors must be a non-empty array", e.getMessage());
    }
}
