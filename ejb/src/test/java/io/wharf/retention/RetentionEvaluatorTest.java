package io.wharf.retention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wharf.tagrules.TagRule;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Each retention template on a repository as a CI pipeline leaves it: release tags, a moving
 * latest, per-commit dev tags, untagged leftovers of moved tags, some pulled recently.
 */
class RetentionEvaluatorTest {
    static final Instant NOW = Instant.parse("2026-12-07T04:00:00Z");

    static Instant daysAgo(double days) { return NOW.minus(Duration.ofMinutes((long) (days * 24 * 60))); }

    static Candidate c(long id, String hex, List<String> tags, double pushedDaysAgo, Double pulledDaysAgo) {
        return new Candidate(id, "sha256:" + hex.repeat(64 / hex.length()), tags, daysAgo(pushedDaysAgo),
                pulledDaysAgo == null ? null : daysAgo(pulledDaysAgo));
    }

    // A repository pushed over 40 days: newest first by push time is v1.3, dev-c3, latest/v1.2, dev-b2, untagged, v1.1, v1.0.
    static final Candidate V10 = c(1, "a1", List.of("v1.0"), 40, 1.0);
    static final Candidate V11 = c(2, "b2", List.of("v1.1"), 30, null);
    static final Candidate UNTAGGED = c(3, "c3", List.of(), 20, 19.0);
    static final Candidate DEV_B2 = c(4, "d4", List.of("dev-b2"), 10, 9.0);
    static final Candidate V12 = c(5, "e5", List.of("latest", "v1.2"), 5, 0.5);
    static final Candidate DEV_C3 = c(6, "f6", List.of("dev-c3"), 2, null);
    static final Candidate V13 = c(7, "07", List.of("v1.3"), 1, 3.0);
    static final List<Candidate> REPO = List.of(V10, V11, UNTAGGED, DEV_B2, V12, DEV_C3, V13);

    static String rule(String template, Integer n, String tags, boolean untagged, String repos) {
        return "{\"disabled\":false,\"action\":\"retain\",\"template\":\"" + template + "\",\"params\":{"
                + (n == null ? "" : "\"" + template + "\":" + n) + "},\"tag_selectors\":[{\"kind\":\"doublestar\",\"decoration\":\"matches\","
                + "\"pattern\":\"" + tags + "\",\"extras\":\"{\\\"untagged\\\":" + untagged + "}\"}],\"scope_selectors\":{\"repository\":"
                + "[{\"kind\":\"doublestar\",\"decoration\":\"repoMatches\",\"pattern\":\"" + repos + "\"}]}}";
    }

    static PolicyBody policy(String... rules) {
        return PolicyBody.read("{\"algorithm\":\"or\",\"rules\":[" + String.join(",", rules) + "],\"trigger\":{\"kind\":\"Schedule\","
                + "\"settings\":{\"cron\":\"\"}},\"scope\":{\"level\":\"project\",\"ref\":7}}");
    }

    static RetentionEvaluator.Decision run(PolicyBody p, List<TagRule> immutable) {
        return RetentionEvaluator.evaluate("team/api", REPO, p.rules(), immutable, NOW);
    }

    @Test
    void latestPushedKeepsTheNewestOfTheSelectedAndDeletesTheRest() {
        RetentionEvaluator.Decision d = run(policy(rule("latestPushedK", 2, "**", false, "**")), List.of());
        assertEquals(List.of(DEV_C3, V13), d.retained());
        assertEquals(List.of(V10, V11, UNTAGGED, DEV_B2, V12), d.deleted(), "untagged goes unless the rule includes untagged");
    }

    @Test
    void latestPushedOnReleaseTagsOnlyLeavesDevTagsUnkept() {
        RetentionEvaluator.Decision d = run(policy(rule("latestPushedK", 3, "v*", false, "**")), List.of());
        assertEquals(List.of(V11, V12, V13), d.retained());
        assertEquals(List.of(V10, UNTAGGED, DEV_B2, DEV_C3), d.deleted());
    }

    @Test
    void latestPulledKeepsTheMostRecentlyPulledAndNeverPulledLast() {
        RetentionEvaluator.Decision d = run(policy(rule("latestPulledN", 2, "**", false, "**")), List.of());
        assertEquals(List.of(V10, V12), d.retained(), "pulled 1 and 0.5 days ago");
        RetentionEvaluator.Decision five = run(policy(rule("latestPulledN", 5, "**", false, "**")), List.of());
        // Four tagged artifacts were pulled; the fifth place goes to the newest never-pulled one.
        assertEquals(List.of(V10, DEV_B2, V12, DEV_C3, V13), five.retained());
    }

    @Test
    void daysSinceLastPushAndPull() {
        assertEquals(List.of(DEV_B2, V12, DEV_C3, V13), run(policy(rule("nDaysSinceLastPush", 10, "**", false, "**")), List.of()).retained());
        assertEquals(List.of(V10, V12, V13), run(policy(rule("nDaysSinceLastPull", 7, "**", false, "**")), List.of()).retained());
        assertEquals(List.of(V10, UNTAGGED, V12, V13),
                run(policy(rule("nDaysSinceLastPull", 20, "v*", true, "**")), List.of()).retained(),
                "untagged included: pulled 19 days ago, kept; dev-b2 pulled 9 days ago but not selected");
    }

    @Test
    void alwaysWithUntaggedKeepsEverything() {
        RetentionEvaluator.Decision d = run(policy(rule("always", null, "**", true, "**")), List.of());
        assertEquals(REPO, d.retained());
        assertTrue(d.deleted().isEmpty());
    }

    @Test
    void rulesAreOredAndDisabledRulesAndOtherRepositoriesDoNotCount() {
        PolicyBody p = policy(rule("latestPushedK", 1, "v*", false, "**"), rule("nDaysSinceLastPush", 3, "dev-*", false, "**"),
                rule("always", null, "**", true, "web/**").replace("\"disabled\":false", "\"disabled\":false"),
                rule("always", null, "**", true, "**").replace("\"disabled\":false", "\"disabled\":true"));
        RetentionEvaluator.Decision d = run(p, List.of());
        assertEquals(List.of(DEV_C3, V13), d.retained());
        assertTrue(RetentionEvaluator.covers(p.rules(), "team/api"));
        assertFalse(RetentionEvaluator.covers(policy(rule("always", null, "**", true, "web/**")).rules(), "team/api"));
    }

    @Test
    void anImmutableTagIsNeverDeletedAndTheLogSaysWhy() {
        TagRule v10Immutable = io.wharf.tagrules.TagRule.parse(json("{\"tag_selectors\":[{\"kind\":\"doublestar\",\"decoration\":\"matches\","
                + "\"pattern\":\"v1.0\"}],\"scope_selectors\":{\"repository\":[{\"kind\":\"doublestar\",\"decoration\":\"repoMatches\",\"pattern\":\"team/*\"}]}}"), "r");
        RetentionEvaluator.Decision d = run(policy(rule("latestPushedK", 1, "**", false, "**")), List.of(v10Immutable));
        assertEquals(List.of(V10, V13), d.retained());
        assertTrue(d.log().contains("RETAIN " + V10.digest() + " [v1.0]: tag v1.0 is immutable"), d.log()::toString);
        assertTrue(d.log().contains("DELETE " + UNTAGGED.digest() + " (untagged)"), d.log()::toString);
        // The same rule on another repository protects nothing here.
        assertEquals(List.of(V13), RetentionEvaluator.evaluate("web/site", REPO, policy(rule("latestPushedK", 1, "**", false, "**")).rules(),
                List.of(v10Immutable), NOW).retained());
    }

    @Test
    void aPolicyWithWrongFieldsIsRefusedNamingTheField() {
        assertEquals("rules[0].params.latestPushedK must be a whole number from 1 to 99999", assertThrows(IllegalArgumentException.class,
                () -> policy(rule("latestPushedK", 0, "**", false, "**"))).getMessage());
        assertEquals("rules[0].template must be one of latestPushedK, latestPulledN, nDaysSinceLastPush, nDaysSinceLastPull, always",
                assertThrows(IllegalArgumentException.class, () -> policy(rule("latestActiveK", 2, "**", false, "**"))).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> PolicyBody.read("{\"rules\":[],\"trigger\":{\"kind\":\"Schedule\","
                + "\"settings\":{\"cron\":\"every day\"}},\"scope\":{\"level\":\"project\",\"ref\":7}}")).getMessage().startsWith("trigger.settings.cron: "));
        assertEquals("0 30 2 * * *", PolicyBody.read("{\"rules\":[],\"trigger\":{\"kind\":\"Schedule\",\"settings\":{\"cron\":\"0 30 2 * * *\"}},"
                + "\"scope\":{\"level\":\"project\",\"ref\":7}}").cron());
    }

    @Test
    void thePolicyReadsBackAsHarborShowsIt() {
        PolicyBody p = policy(rule("latestPushedK", 3, "v*", true, "team/**"));
        JsonObject json = p.toJson(12);
        assertEquals(12, json.getInt("id"));
        assertEquals(3, json.getJsonArray("rules").getJsonObject(0).getJsonObject("params").getInt("latestPushedK"));
        assertEquals("{\"untagged\":true}", json.getJsonArray("rules").getJsonObject(0).getJsonArray("tag_selectors").getJsonObject(0).getString("extras"));
        assertEquals(json, PolicyBody.parse(json).toJson(12), "what GET answers, PUT back, is the same policy");
    }

    static JsonObject json(String text) {
        try (var r = Json.createReader(new StringReader(text))) {
            return r.readObject();
        }
    }
}
