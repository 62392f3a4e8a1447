package io.wharf.webhook;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.io.StringReader;
import java.time.Instant;
import java.time.format.DateTimeFormatter;

/**
 * The bodies Wharf sends: Harbor's payload ({@code type, occur_at, operator, event_data}), Harbor's
 * Slack message (Block Kit sections in mrkdwn) and a CloudEvents 1.0 event in structured JSON mode.
 * Every format is made from the Harbor payload recorded with the execution, so a retry sends the same bytes.
 */
public final class WebhookPayloads {
    /** Slack refuses a section text longer than 3000 characters. */
    static final int SLACK_TEXT_MAX = 3000;

    private WebhookPayloads() {}

    /** Harbor's payload; {@code occur_at} is in seconds since the epoch, as Harbor sends it. */
    public static JsonObject harbor(String type, Instant occurAt, String operator, JsonObject eventData) {
        return Json.createObjectBuilder()
                .add("type", type)
                .add("occur_at", occurAt.getEpochSecond())
                .add("operator", operator == null || operator.isEmpty() ? "anonymous" : operator)
                .add("event_data", eventData)
                .build();
    }

    /**
     * Harbor's {@code event_data} for an artifact event: one resource and its repository.
     *
     * @param host         the registry's host and port as clients name it (the start of {@code resource_url})
     * @param scanOverview Harbor's scan overview keyed by report media type, or null
     */
    public static JsonObject artifactData(String host, String repository, String tag, String digest, Instant repoCreated,
                                          JsonObject scanOverview) {
        int slash = repository.indexOf('/');
        String namespace = slash < 0 ? repository : repository.substring(0, slash);
        String name = slash < 0 ? repository : repository.substring(slash + 1);
        JsonObjectBuilder resource = Json.createObjectBuilder();
        if (digest != null) resource.add("digest", digest);
        if (tag != null) resource.add("tag", tag);
        resource.add("resource_url", host + "/" + repository + (tag != null ? ":" + tag : digest != null ? "@" + digest : ""));
        if (scanOverview != null) resource.add("scan_overview", scanOverview);
        JsonObjectBuilder repo = Json.createObjectBuilder();
        if (repoCreated != null) repo.add("date_created", repoCreated.getEpochSecond());
        repo.add("name", name).add("namespace", namespace).add("repo_full_name", repository).add("repo_type", "private");
        return Json.createObjectBuilder()
                .add("resources", Json.createArrayBuilder().add(resource))
                .add("repository", repo)
                .build();
    }

    /** Harbor's Slack message: a heading section and one with the event's fields. */
    public static JsonObject slack(JsonObject harborPayload) {
        String data = harborPayload.getJsonObject("event_data").toString();
        String head = "*event_type:* " + harborPayload.getString("type") + "\n"
                + "*occur_at:* <!date^" + harborPayload.getJsonNumber("occur_at").longValue()
                + "^{date} at {time}|" + Instant.ofEpochSecond(harborPayload.getJsonNumber("occur_at").longValue()) + ">\n"
                + "*operator:* " + harborPayload.getString("operator") + "\n"
                + "*event_data:* ";
        int room = SLACK_TEXT_MAX - head.length() - 6;
        if (data.length() > room) data = data.substring(0, Math.max(0, room - 1)) + "…";
        return Json.createObjectBuilder().add("blocks", Json.createArrayBuilder()
                        .add(section("*Harbor webhook events*"))
                        .add(section(head + "```" + data + "```")))
                .build();
    }

    private static JsonObject section(String text) {
        return Json.createObjectBuilder().add("type", "section")
                .add("text", Json.createObjectBuilder().add("type", "mrkdwn").add("text", text)).build();
    }

    /**
     * A CloudEvents 1.0 event, structured mode ({@code application/cloudevents+json}): the event id
     * is the one receivers deduplicate by, the source names the policy, {@code data} is Harbor's
     * {@code event_data}, and the operator travels as the extension attribute {@code operator}.
     */
    public static JsonObject cloudEvent(JsonObject harborPayload, String eventId, long projectId, long policyId) {
        String type = WebhookEventType.of(harborPayload.getString("type"))
                .map(WebhookEventType::cloudEventType).orElse("wharf." + harborPayload.getString("type").toLowerCase());
        return Json.createObjectBuilder()
                .add("specversion", "1.0")
                .add("id", eventId)
                .add("source", "/projects/" + projectId + "/webhook/policies/" + policyId)
                .add("type", type)
                .add("time", DateTimeFormatter.ISO_INSTANT.format(Instant.ofEpochSecond(harborPayload.getJsonNumber("occur_at").longValue())))
                .add("datacontenttype", "application/json")
                .add("operator", harborPayload.getString("operator"))
                .add("data", harborPayload.getJsonObject("event_data"))
                .build();
    }

    /** The body and content type for one target. */
    public record Body(String json, String contentType) {}

    public static Body forTarget(WebhookTarget target, String harborPayloadJson, String eventId, long projectId, long policyId) {
        JsonObject harbor = parse(harborPayloadJson);
        if ("slack".equals(target.type())) return new Body(slack(harbor).toString(), "application/json");
        if (target.cloudEvents()) {
            return new Body(cloudEvent(harbor, eventId, projectId, policyId).toString(), "application/cloudevents+json");
        }
        return new Body(harbor.toString(), "application/json");
    }

    static JsonObject parse(String json) {
        try (var r = Json.createReader(new StringReader(json))) {
            return r.readObject();
        }
    }
}
