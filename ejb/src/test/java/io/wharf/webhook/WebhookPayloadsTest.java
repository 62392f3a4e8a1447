package io.wharf.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.net.URI;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The bodies receivers get: Harbor's payload, Harbor's Slack message (Slack's Block Kit: sections
 * of mrkdwn text of at most 3000 characters) and CloudEvents 1.0 in structured JSON (the spec's
 * required attributes, its naming rule for attributes, RFC 3339 time).
 */
class WebhookPayloadsTest {
    private static final String DIGEST = "sha256:3e73fbb6e0e9ac0e8a3e8f9dcbd0e26c5a2f0d9e2f7b5f6d7a1a9e0c4b2a1f00";
    private static final Instant AT = Instant.parse("2026-12-07T03:30:00Z");

    private static JsonObject pushed() {
        JsonObject data = WebhookPayloads.artifactData("registry.example:8443", "library/alpine", "3.19", DIGEST,
                Instant.parse("2026-12-01T00:00:00Z"), null);
        return WebhookPayloads.harbor("PUSH_ARTIFACT", AT, "alice", data);
    }

    @Test
    void harborsPayloadNamesTheArtifactAndItsRepository() {
        JsonObject p = pushed();
        assertEquals("PUSH_ARTIFACT", p.getString("type"));
        assertEquals(AT.getEpochSecond(), p.getJsonNumber("occur_at").longValue());
        assertEquals("alice", p.getString("operator"));
        JsonObject resource = p.getJsonObject("event_data").getJsonArray("resources").getJsonObject(0);
        assertEquals(DIGEST, resource.getString("digest"));
        assertEquals("3.19", resource.getString("tag"));
        assertEquals("registry.example:8443/library/alpine:3.19", resource.getString("resource_url"));
        JsonObject repo = p.getJsonObject("event_data").getJsonObject("repository");
        assertEquals("alpine", repo.getString("name"));
        assertEquals("library", repo.getString("namespace"));
        assertEquals("library/alpine", repo.getString("repo_full_name"));
        assertEquals(Instant.parse("2026-12-01T00:00:00Z").getEpochSecond(), repo.getJsonNumber("date_created").longValue());
    }

    @Test
    void anAnonymousPullHasAnOperatorAnyway() {
        assertEquals("anonymous", WebhookPayloads.harbor("PULL_ARTIFACT", AT, "", Json.createObjectBuilder().build()).getString("operator"));
    }

    @Test
    void slackGetsBlockKitSectionsWithinSlacksTextLimit() {
        JsonObject slack = WebhookPayloads.slack(pushed());
        var blocks = slack.getJsonArray("blocks");
        assertEquals(2, blocks.size());
        for (JsonObject block : blocks.getValuesAs(JsonObject.class)) {
            assertEquals("section", block.getString("type"));
            assertEquals("mrkdwn", block.getJsonObject("text").getString("type"));
            assertTrue(block.getJsonObject("text").getString("text").length() <= 3000);
        }
        String text = blocks.getJsonObject(1).getJsonObject("text").getString("text");
        assertTrue(text.contains("*event_type:* PUSH_ARTIFACT"), text);
        assertTrue(text.contains("*operator:* alice"), text);
        assertTrue(text.contains("<!date^" + AT.getEpochSecond() + "^"), text);
        assertTrue(text.contains(DIGEST), text);

        // a scan overview of thousands of characters still fits
        var big = Json.createObjectBuilder();
        for (int i = 0; i < 400; i++) big.add("CVE-2024-" + i, "High");
        JsonObject data = WebhookPayloads.artifactData("h", "library/alpine", "3.19", DIGEST, null, big.build());
        String longText = WebhookPayloads.slack(WebhookPayloads.harbor("SCANNING_COMPLETED", AT, "bob", data))
                .getJsonArray("blocks").getJsonObject(1).getJsonObject("text").getString("text");
        assertTrue(longText.length() <= 3000, "length " + longText.length());
        assertTrue(longText.endsWith("```"), longText.substring(longText.length() - 20));
    }

    @Test
    void cloudEventsCarryTheRequiredAttributesAndHarborsData() {
        JsonObject ce = WebhookPayloads.cloudEvent(pushed(), "audit-42", 7, 3);
        assertEquals("1.0", ce.getString("specversion"));
        assertEquals("audit-42", ce.getString("id"));
        assertEquals("harbor.artifact.pushed", ce.getString("type"));
        assertEquals("/projects/7/webhook/policies/3", ce.getString("source"));
        URI.create(ce.getString("source")); // a URI-reference
        assertEquals(AT, OffsetDateTime.parse(ce.getString("time")).toInstant());
        assertEquals("application/json", ce.getString("datacontenttype"));
        assertEquals(pushed().getJsonObject("event_data"), ce.getJsonObject("data"));
        for (String name : ce.keySet()) {
            // CloudEvents 1.0: attribute names are lower-case ASCII letters and digits, at most 20 characters
            assertTrue(name.matches("[a-z0-9]{1,20}"), name);
        }
    }

    @Test
    void eachEventTypeHasItsCloudEventsType() {
        JsonObject data = Json.createObjectBuilder().build();
        assertEquals("harbor.scan.completed", WebhookPayloads.cloudEvent(WebhookPayloads.harbor("SCANNING_COMPLETED", AT, "a", data), "e", 1, 1).getString("type"));
        assertEquals("harbor.artifact.deleted", WebhookPayloads.cloudEvent(WebhookPayloads.harbor("DELETE_ARTIFACT", AT, "a", data), "e", 1, 1).getString("type"));
        assertEquals("wharf.vulnerability.severity_rose",
                WebhookPayloads.cloudEvent(WebhookPayloads.harbor("VULNERABILITY_SEVERITY_ROSE", AT, "a", data), "e", 1, 1).getString("type"));
    }

    @Test
    void eachTargetGetsItsFormatAndContentType() {
        String payload = pushed().toString();
        WebhookTarget http = WebhookTarget.checked("http", "http://127.0.0.1:9/hook", null, false, null);
        WebhookTarget ce = WebhookTarget.checked("http", "https://ci.example/hook", "Bearer t", true, "CloudEvents");
        WebhookTarget slack = WebhookTarget.checked("slack", "https://hooks.slack.com/services/T/B/X", null, false, "Default");
        assertEquals("application/json", WebhookPayloads.forTarget(http, payload, "e1", 1, 2).contentType());
        assertEquals(payload, WebhookPayloads.forTarget(http, payload, "e1", 1, 2).json());
        assertEquals("application/cloudevents+json", WebhookPayloads.forTarget(ce, payload, "e1", 1, 2).contentType());
        assertTrue(WebhookPayloads.forTarget(slack, payload, "e1", 1, 2).json().startsWith("{\"blocks\""));
    }

    @Test
    void targetsAreCheckedBeforeTheyAreKept() {
        assertEquals("refused", refused("ftp", "http://x/h", "Default"));
        assertEquals("refused", refused("http", "ftp://x/h", "Default"));
        assertEquals("refused", refused("http", "not a url", "Default"));
        assertEquals("refused", refused("http", "http://x/h", "Xml"));
        assertEquals("refused", refused("slack", "https://x/h", "CloudEvents"));
        assertEquals("kept", refused("http", "https://x/h", "CloudEvents"));
    }

    private static String refused(String type, String address, String format) {
        try {
            WebhookTarget.checked(type, address, null, false, format);
            return "kept";
        } catch (IllegalArgumentException e) {
            return "refused";
        }
    }

    @Test
    void auditResourcesNameTheArtifact() {
        assertEquals(Optional.of(new ArtifactEvents.Resource("p/r", "v1", null)), ArtifactEvents.Resource.parse("p/r:v1"));
        assertEquals(Optional.of(new ArtifactEvents.Resource("p/a/b", null, DIGEST)), ArtifactEvents.Resource.parse("p/a/b@" + DIGEST));
        assertFalse(ArtifactEvents.Resource.parse("p/r").isPresent());
        assertEquals(Optional.of("VULNERABILITY_SEVERITY_ROSE"), ArtifactEvents.typeOf("severity_rose"));
        assertFalse(ArtifactEvents.typeOf("lock").isPresent());
    }
}
