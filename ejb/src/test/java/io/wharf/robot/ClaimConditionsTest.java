package io.wharf.robot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A binding's conditions against the claims of a GitHub Actions style workload token. */
class ClaimConditionsTest {
    private static final Map<String, Object> GITHUB = Map.of(
            "sub", "repo:acme/shop:ref:refs/heads/main",
            "repository", "acme/shop",
            "ref", "refs/heads/main",
            "run_attempt", 1L,
            "groups", List.of("ci", "deployers"));

    @Test
    void equalAndGlobConditionsMatchWhenEveryOneHolds() {
        assertTrue(ClaimConditions.matches(GITHUB, Map.of("sub", "repo:acme/shop:ref:refs/heads/main")));
        assertTrue(ClaimConditions.matches(GITHUB, Map.of("sub", "repo:acme/*:ref:refs/heads/*", "repository", "acme/shop")));
        assertTrue(ClaimConditions.matches(GITHUB, Map.of("run_attempt", "1")));
        assertTrue(ClaimConditions.matches(GITHUB, Map.of("groups", "deploy*")));
        assertFalse(ClaimConditions.matches(GITHUB, Map.of("sub", "repo:acme/shop:ref:refs/heads/main", "repository", "acme/other")));
    }

    @Test
    void nothingButStarIsSpecialAndTheWholeValueMustMatch() {
        assertFalse(ClaimConditions.matches(GITHUB, Map.of("sub", "repo:acme/shop")), "a prefix is not the value");
        assertFalse(ClaimConditions.matches(GITHUB, Map.of("repository", "acme.shop")), "'.' is no wildcard");
        assertFalse(ClaimConditions.matches(Map.of("sub", "repo:acme/shop:ref:refs/heads/main\nx"),
                Map.of("sub", "repo:acme/shop:ref:refs/heads/main")));
        assertFalse(ClaimConditions.matches(GITHUB, Map.of("ref", "refs/heads/(.*)")));
    }

    @Test
    void missingClaimsObjectsAndEmptyConditionsNeverMatch() {
        assertFalse(ClaimConditions.matches(GITHUB, Map.of("environment", "*prod*")));
        assertFalse(ClaimConditions.matches(Map.of("sub", Map.of("a", "b")), Map.of("sub", "*a*")));
        assertFalse(ClaimConditions.matches(GITHUB, Map.of()));
    }

    @Test
    void conditionsSurviveTheirStoredForm() {
        Map<String, String> conditions = Map.of("sub", "repo:acme/*", "aud", "wharf");
        assertEquals(conditions, ClaimConditions.fromJson(ClaimConditions.toJson(conditions)));
    }
}
