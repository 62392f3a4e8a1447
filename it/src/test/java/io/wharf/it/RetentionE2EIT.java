package io.wharf.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wharf.it.support.Cmd;
import io.wharf.it.support.Eventually;
import io.wharf.it.support.Http;
import io.wharf.it.support.Images;
import io.wharf.it.support.Stack;
import io.wharf.it.support.WharfApi;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tag retention and tag immutability on real tags pushed and pulled with skopeo: a dry run lists
 * exactly what the real run then deletes, deleted tags no longer pull, kept ones pull bit for bit,
 * an immutable tag survives retention and refuses an overwrite (skopeo sees DENIED) and API deletes (412).
 */
class RetentionE2EIT {
    private static final WharfApi API = new WharfApi(Stack.url(), Stack.adminPassword());
    private static final Duration SETTLE = Duration.ofSeconds(90);
    private static final int PROJECT_ADMIN = 1;
    private static final int MAINTAINER = 4;

    private static String owner;
    private static String maintainer;

    @BeforeAll
    static void users() {
        owner = API.createUser(WharfApi.unique("ret"));
        maintainer = API.createUser(WharfApi.unique("retm"));
    }

    private static String auth(String user) { return Http.basic(user, WharfApi.PASSWORD); }

    private static String ref(String project, String repoAndTag) { return "docker://" + Stack.host() + "/" + project + "/" + repoAndTag; }

    private static String push(Path layout, String project, String repoAndTag, Path dir) throws IOException {
        Path digestFile = Files.createTempFile(dir, "digest", "");
        Cmd.Result r = Images.copy("oci:" + layout + ":v1", ref(project, repoAndTag), null, owner + ":" + WharfApi.PASSWORD, digestFile);
        assertTrue(r.ok(), r::toString);
        return Files.readString(digestFile).strip();
    }

    /** Pulls with skopeo into an OCI layout and answers the pulled manifest's digest, or null when the pull failed. */
    private static String pull(String project, String repoAndTag, Path dir) throws IOException {
        Path into = Files.createTempDirectory(dir, "pull");
        Path digestFile = Files.createTempFile(dir, "digest", "");
        Cmd.Result r = Images.copy(ref(project, repoAndTag), "oci:" + into + ":x", owner + ":" + WharfApi.PASSWORD, null, digestFile);
        return r.ok() ? Files.readString(digestFile).strip() : null;
    }

    private static JsonObject artifact(String project, String reference) {
        Http.Response r = Http.get(Stack.url() + "/api/v2.0/projects/" + project + "/repositories/app/artifacts/" + reference, "Authorization", auth(owner));
        return r.status() == 200 ? r.json() : null;
    }

    /** Whether the artifact has a pull time (Harbor shows never as absent, null or year 1). */
    private static boolean pulled(JsonObject a) {
        return a.containsKey("pull_time") && !a.isNull("pull_time") && !a.getString("pull_time").startsWith("0001");
    }

    private static String selector(String decoration, String pattern, boolean untagged) {
        return "{\"kind\":\"doublestar\",\"decoration\":\"" + decoration + "\",\"pattern\":\"" + pattern + "\",\"extras\":\"{\\\"untagged\\\":" + untagged + "}\"}";
    }

    private static String rule(String template, int n, String tags, String repos) {
        return "{\"disabled\":false,\"action\":\"retain\",\"template\":\"" + template + "\",\"params\":{\"" + template + "\":" + n + "},"
                + "\"tag_selectors\":[" + selector("matches", tags, false) + "],\"scope_selectors\":{\"repository\":[" + selector("repoMatches", repos, false) + "]}}";
    }

    /** Starts a run and waits for it to end; answers the run. */
    private static JsonObject runAndWait(long policy, boolean dryRun) {
        Http.Response started = Http.postJson(Stack.url() + "/api/v2.0/retentions/" + policy + "/executions", "{\"dry_run\":" + dryRun + "}", auth(owner));
        assertEquals(201, started.status(), started::toString);
        String location = started.header("Location").orElseThrow();
        long id = Long.parseLong(location.substring(location.lastIndexOf('/') + 1));
        return Eventually.await("retention run " + id, SETTLE, () -> Http.get(Stack.url() + "/api/v2.0/retentions/" + policy + "/executions", "Authorization", auth(owner))
                        .jsonArray().getValuesAs(JsonObject.class).stream().filter(e -> e.getJsonNumber("id").longValue() == id).findFirst().orElse(null),
                e -> e != null && Set.of("Success", "Error", "Stopped").contains(e.getString("status")));
    }

    /** The digests a run's log for repository app says it deletes ({@code DELETE} lines) or deleted. */
    private static Map<String, Set<String>> logOf(long policy, JsonObject run, String repository) {
        long eid = run.getJsonNumber("id").longValue();
        List<JsonObject> tasks = Http.get(Stack.url() + "/api/v2.0/retentions/" + policy + "/executions/" + eid + "/tasks", "Authorization", auth(owner))
                .jsonArray().getValuesAs(JsonObject.class);
        JsonObject task = tasks.stream().filter(t -> t.getString("repository").equals(repository)).findFirst().orElse(null);
        if (task == null) return null;
        Http.Response log = Http.get(Stack.url() + "/api/v2.0/retentions/" + policy + "/executions/" + eid + "/tasks/" + task.getJsonNumber("id"),
                "Authorization", auth(owner));
        assertEquals(200, log.status(), log::toString);
        Map<String, Set<String>> byVerb = new HashMap<>();
        for (String line : log.body().split("\n")) {
            String[] words = line.split(" ");
            if (words.length > 2 && words[2].startsWith("sha256:")) byVerb.computeIfAbsent(words[1], k -> new TreeSet<>()).add(words[2]);
        }
        byVerb.put("task", Set.of(task.getInt("total") + "/" + task.getInt("retained")));
        return byVerb;
    }

    @Test
    void aDryRunListsExactlyWhatTheRealRunDeletesAndImmutableTagsStay(@TempDir Path dir) throws Exception {
        String project = API.createProject(WharfApi.unique("ret"), false);
        API.addMember(project, owner, PROJECT_ADMIN);
        API.addMember(project, maintainer, MAINTAINER);
        long projectId = Http.get(Stack.url() + "/api/v2.0/projects/" + project, "Authorization", auth(owner)).json().getJsonNumber("project_id").longValue();

        // app: v1..v5 pushed in that order, tmp pushed twice (its first image is left untagged); other: one image no rule covers.
        Map<String, String> digests = new HashMap<>();
        Map<String, Path> layouts = new HashMap<>();
        for (String tag : List.of("v1", "v2", "v3", "v4", "v5")) {
            Path work = Files.createDirectories(dir.resolve(tag));
            layouts.put(tag, Images.build(work));
            digests.put(tag, push(layouts.get(tag), project, "app:" + tag, work));
            Thread.sleep(1100);
        }
        Path x = Files.createDirectories(dir.resolve("x"));
        digests.put("untagged", push(Images.build(x), project, "app:tmp", x));
        Path y = Files.createDirectories(dir.resolve("y"));
        digests.put("tmp", push(Images.build(y), project, "app:tmp", y));
        Path o = Files.createDirectories(dir.resolve("o"));
        String other = push(Images.build(o), project, "other:v0", o);
        assertEquals(digests.get("v1"), pull(project, "app:v1", dir));
        Eventually.await("the pull of v1 recorded", SETTLE, () -> artifact(project, "v1"), a -> a != null && pulled(a));
        for (String tag : List.of("v2", "v3", "v4", "v5", "tmp")) assertFalse(pulled(artifact(project, tag)), "only v1 was pulled: " + tag);

        // v2 is immutable: an overwrite by skopeo is DENIED, deletes through the API are 412, naming the rule.
        Http.Response immutable = Http.postJson(Stack.url() + "/api/v2.0/projects/" + project + "/immutabletagrules",
                "{\"disabled\":false,\"action\":\"immutable\",\"template\":\"immutable_template\",\"tag_selectors\":[" + selector("matches", "v2", false)
                        + "],\"scope_selectors\":{\"repository\":[" + selector("repoMatches", "app", false) + "]}}", auth(owner));
        assertEquals(201, immutable.status(), immutable::toString);
        Http.Response rules = Http.get(Stack.url() + "/api/v2.0/projects/" + project + "/immutabletagrules", "Authorization", auth(owner));
        assertEquals(1, rules.jsonArray().size(), rules::toString);
        // Harbor's Tag.immutable in the artifact and tag listings follows the rule, and its switch.
        assertEquals(Map.of("v1", false, "v2", true), immutableFlags(project, "v1", "v2"));
        assertTrue(tagsOf(project, "v2").getJsonObject(0).getBoolean("immutable"), "the tag listing of v2");
        String rulePath = absolute(immutable.header("Location").orElseThrow());
        assertEquals(200, Http.putJson(rulePath, "{\"disabled\":true}", auth(owner)).status());
        assertEquals(Map.of("v1", false, "v2", false), immutableFlags(project, "v1", "v2"), "a disabled rule protects nothing");
        assertFalse(tagsOf(project, "v2").getJsonObject(0).getBoolean("immutable"));
        assertEquals(200, Http.putJson(rulePath, "{\"disabled\":false}", auth(owner)).status());
        assertEquals(Map.of("v1", false, "v2", true), immutableFlags(project, "v1", "v2"));
        Http.Response byMaintainer = Http.postJson(Stack.url() + "/api/v2.0/projects/" + project + "/immutabletagrules",
                "{\"tag_selectors\":[" + selector("matches", "**", false) + "],\"scope_selectors\":{\"repository\":[" + selector("repoMatches", "**", false) + "]}}",
                auth(maintainer));
        assertEquals(403, byMaintainer.status(), "only project admins manage immutability: " + byMaintainer);

        Path z = Files.createDirectories(dir.resolve("z"));
        Cmd.Result overwrite = Images.copy("oci:" + Images.build(z) + ":v1", ref(project, "app:v2"), null, owner + ":" + WharfApi.PASSWORD, null);
        assertFalse(overwrite.ok(), "an immutable tag was overwritten: " + overwrite);
        assertTrue(overwrite.toString().toLowerCase().contains("denied") && overwrite.toString().contains("immutable"), overwrite::toString);
        assertEquals(digests.get("v2"), artifact(project, "v2").getString("digest"));
        Http.Response deleteTag = Http.send("DELETE", Stack.url() + "/api/v2.0/projects/" + project + "/repositories/app/artifacts/v2/tags/v2",
                null, "Authorization", auth(owner));
        assertEquals(412, deleteTag.status(), deleteTag::toString);
        assertTrue(deleteTag.body().contains("immutable"), deleteTag::toString);
        Http.Response deleteArtifact = Http.send("DELETE", Stack.url() + "/api/v2.0/projects/" + project + "/repositories/app/artifacts/" + digests.get("v2"),
                null, "Authorization", auth(owner));
        assertEquals(412, deleteArtifact.status(), deleteArtifact::toString);
        assertEquals("PRECONDITION", deleteArtifact.errorCode());

        // Retention: keep the 2 latest pushed v* and the 1 latest pulled, in repository app only.
        String policyJson = "{\"algorithm\":\"or\",\"rules\":[" + rule("latestPushedK", 2, "v*", "app") + "," + rule("latestPulledN", 1, "**", "app")
                + "],\"trigger\":{\"kind\":\"Schedule\",\"settings\":{\"cron\":\"\"}},\"scope\":{\"level\":\"project\",\"ref\":" + projectId + "}}";
        Http.Response notAllowed = Http.postJson(Stack.url() + "/api/v2.0/retentions", policyJson, auth(maintainer));
        assertEquals(403, notAllowed.status(), notAllowed::toString);
        Http.Response created = Http.postJson(Stack.url() + "/api/v2.0/retentions", policyJson, auth(owner));
        assertEquals(201, created.status(), created::toString);
        String location = created.header("Location").orElseThrow();
        long policy = Long.parseLong(location.substring(location.lastIndexOf('/') + 1));
        assertEquals(String.valueOf(policy), Http.get(Stack.url() + "/api/v2.0/projects/" + project, "Authorization", auth(owner)).json()
                .getJsonObject("metadata").getString("retention_id"));
        JsonObject read = Http.get(Stack.url() + "/api/v2.0/retentions/" + policy, "Authorization", auth(maintainer)).json();
        assertEquals(2, read.getJsonArray("rules").getJsonObject(0).getJsonObject("params").getInt("latestPushedK"));

        Set<String> expected = new TreeSet<>(List.of(digests.get("v3"), digests.get("untagged"), digests.get("tmp")));
        JsonObject dry = runAndWait(policy, true);
        assertEquals("Success", dry.getString("status"), dry::toString);
        assertTrue(dry.getBoolean("dry_run"));
        Map<String, Set<String>> dryLog = logOf(policy, dry, project + "/app");
        assertNotNull(dryLog, "the dry run has a task for app");
        assertEquals(expected, dryLog.get("DELETE"), dryLog::toString);
        assertEquals(Set.of("7/4"), dryLog.get("task"), "7 artifacts, 4 retained (v5, v4 latest pushed; v1 latest pulled; v2 immutable)");
        assertNull(logOf(policy, dry, project + "/other"), "no rule covers other");
        // (Read through the API: a pull would make v3 the latest pulled.)
        assertEquals(digests.get("v3"), artifact(project, "v3").getString("digest"), "a dry run deletes nothing");
        assertNotNull(artifact(project, digests.get("untagged")), "a dry run deletes nothing");

        JsonObject real = runAndWait(policy, false);
        assertEquals("Success", real.getString("status"), real::toString);
        Map<String, Set<String>> realLog = logOf(policy, real, project + "/app");
        assertEquals(dryLog.get("DELETE"), realLog.get("DELETE"), "the real run decided as the dry run");
        assertEquals(expected, realLog.get("deleted"), realLog::toString);

        assertNull(pull(project, "app:v3", dir), "v3 was deleted");
        assertNull(pull(project, "app:tmp", dir), "tmp was deleted");
        Http.Response gone = Http.get(Stack.url() + "/api/v2.0/projects/" + project + "/repositories/app/artifacts/" + digests.get("untagged"),
                "Authorization", auth(owner));
        assertEquals(404, gone.status(), gone::toString);
        for (String tag : List.of("v1", "v2", "v4", "v5")) assertEquals(digests.get(tag), pull(project, "app:" + tag, dir), tag + " was kept");
        assertEquals(other, pull(project, "other:v0", dir));
        Http.Response list = Http.get(Stack.url() + "/api/v2.0/projects/" + project + "/repositories/app/artifacts?page_size=50", "Authorization", auth(owner));
        assertEquals(Set.of(digests.get("v1"), digests.get("v2"), digests.get("v4"), digests.get("v5")),
                list.jsonArray().getValuesAs(JsonObject.class).stream().map(a -> a.getString("digest")).collect(Collectors.toSet()));

        // The same image pushed again to the immutable tag moves nothing and is allowed.
        Cmd.Result same = Images.copy("oci:" + layouts.get("v2") + ":v1", ref(project, "app:v2"), null, owner + ":" + WharfApi.PASSWORD, null);
        assertTrue(same.ok(), "pushing the same image to an immutable tag is allowed: " + same);

        // Each delete is in the project's audit log, by retention.
        List<JsonObject> log = Http.get(Stack.url() + "/api/v2.0/projects/" + project + "/logs?page_size=100&operation=delete", "Authorization", auth(owner))
                .jsonArray().getValuesAs(JsonObject.class);
        for (String digest : expected) {
            assertTrue(log.stream().anyMatch(e -> e.getString("resource").equals(project + "/app@" + digest) && e.getString("username").equals("retention")),
                    "audit of " + digest + ": " + log);
        }
    }

    /** The {@code immutable} flag of these tags as {@code GET .../artifacts?with_tag=true} shows them. */
    private static Map<String, Boolean> immutableFlags(String project, String... tags) {
        Http.Response r = Http.get(Stack.url() + "/api/v2.0/projects/" + project + "/repositories/app/artifacts?with_tag=true&page_size=50",
                "Authorization", auth(owner));
        assertEquals(200, r.status(), r::toString);
        Map<String, Boolean> flags = new HashMap<>();
        for (JsonObject a : r.jsonArray().getValuesAs(JsonObject.class)) {
            if (a.isNull("tags")) continue;
            for (JsonObject t : a.getJsonArray("tags").getValuesAs(JsonObject.class)) {
                if (List.of(tags).contains(t.getString("name"))) flags.put(t.getString("name"), t.getBoolean("immutable"));
            }
        }
        return flags;
    }

    private static jakarta.json.JsonArray tagsOf(String project, String tag) {
        Http.Response r = Http.get(Stack.url() + "/api/v2.0/projects/" + project + "/repositories/app/artifacts/" + tag + "/tags",
                "Authorization", auth(owner));
        assertEquals(200, r.status(), r::toString);
        return r.jsonArray();
    }

    /**
     * Deleting a project deletes what Harbor deletes with it: its retention policy stops its schedule
     * and is gone, its immutability rules and quota are gone; a project made again under the same
     * name starts with none of them.
     */
    @Test
    void deletingAProjectDeletesItsRetentionPolicyScheduleImmutabilityRulesAndQuota() {
        String project = API.createProject(WharfApi.unique("retdel"), false);
        long projectId = Http.get(Stack.url() + "/api/v2.0/projects/" + project, "Authorization", API.adminAuth()).json()
                .getJsonNumber("project_id").longValue();
        Http.Response policy = Http.postJson(Stack.url() + "/api/v2.0/retentions", "{\"rules\":[" + rule("latestPushedK", 3, "**", "**")
                + "],\"trigger\":{\"kind\":\"Schedule\",\"settings\":{\"cron\":\"0 0 3 * * *\"}},\"scope\":{\"level\":\"project\",\"ref\":"
                + projectId + "}}", API.adminAuth());
        assertEquals(201, policy.status(), policy::toString);
        String policyPath = absolute(policy.header("Location").orElseThrow());
        Http.Response rule = Http.postJson(Stack.url() + "/api/v2.0/projects/" + project + "/immutabletagrules",
                "{\"tag_selectors\":[" + selector("matches", "**", false) + "],\"scope_selectors\":{\"repository\":["
                        + selector("repoMatches", "**", false) + "]}}", API.adminAuth());
        assertEquals(201, rule.status(), rule::toString);
        long scheduled = scheduledRetentions();
        assertTrue(scheduled >= 1, "the policy's schedule is a periodic job: " + jobStats());

        Http.Response deleted = Http.send("DELETE", Stack.url() + "/api/v2.0/projects/" + project, null, "Authorization", API.adminAuth());
        assertEquals(200, deleted.status(), deleted::toString);
        assertEquals(scheduled - 1, scheduledRetentions(), "the deleted project's retention schedule stopped: " + jobStats());
        assertEquals(404, Http.get(policyPath, "Authorization", API.adminAuth()).status());
        assertEquals(404, Http.get(Stack.url() + "/api/v2.0/quotas/" + projectId, "Authorization", API.adminAuth()).status());
        assertEquals(0, Http.get(Stack.url() + "/api/v2.0/quotas?reference=project&reference_id=" + projectId, "Authorization", API.adminAuth())
                .jsonArray().size());

        // The same name again: a new project, nothing of the old one's rules.
        API.createProject(project, false);
        JsonObject again = Http.get(Stack.url() + "/api/v2.0/projects/" + project, "Authorization", API.adminAuth()).json();
        assertFalse(again.getJsonObject("metadata").containsKey("retention_id") && !again.getJsonObject("metadata").getString("retention_id").isEmpty(),
                again::toString);
        assertEquals(0, Http.get(Stack.url() + "/api/v2.0/projects/" + project + "/immutabletagrules", "Authorization", API.adminAuth())
                .jsonArray().size());
        long newId = again.getJsonNumber("project_id").longValue();
        Http.Response newPolicy = Http.postJson(Stack.url() + "/api/v2.0/retentions", "{\"rules\":[" + rule("latestPushedK", 1, "**", "**")
                + "],\"scope\":{\"level\":\"project\",\"ref\":" + newId + "}}", API.adminAuth());
        assertEquals(201, newPolicy.status(), "the new project may have its own policy: " + newPolicy);
    }

    private static String absolute(String location) { return location.startsWith("http") ? location : Stack.url() + location; }

    /** The job service's count of retention jobs waiting for their schedule (internal stats API). */
    private static long scheduledRetentions() {
        JsonObject retention = jobStats().getJsonObject("jobs").getJsonObject("RETENTION");
        return retention == null || retention.getJsonNumber("scheduled") == null ? 0 : retention.getJsonNumber("scheduled").longValue();
    }

    private static JsonObject jobStats() {
        Http.Response r = Http.get(Stack.url() + "/api/v1/stats", "Authorization", "Harbor-Secret " + Stack.internalSecret());
        assertEquals(200, r.status(), r::toString);
        return r.json();
    }

    @Test
    void badPoliciesAreRefusedWithTheReason() {
        String project = API.createProject(WharfApi.unique("retbad"), false);
        API.addMember(project, owner, PROJECT_ADMIN);
        long projectId = Http.get(Stack.url() + "/api/v2.0/projects/" + project, "Authorization", auth(owner)).json().getJsonNumber("project_id").longValue();
        String scope = ",\"scope\":{\"level\":\"project\",\"ref\":" + projectId + "}}";
        Http.Response zero = Http.postJson(Stack.url() + "/api/v2.0/retentions", "{\"rules\":[" + rule("latestPushedK", 0, "**", "**") + "]" + scope, auth(owner));
        assertEquals(400, zero.status(), zero::toString);
        assertTrue(zero.body().contains("latestPushedK must be a whole number"), zero::toString);
        Http.Response cron = Http.postJson(Stack.url() + "/api/v2.0/retentions", "{\"rules\":[],\"trigger\":{\"kind\":\"Schedule\",\"settings\":{\"cron\":\"daily\"}}" + scope, auth(owner));
        assertEquals(400, cron.status(), cron::toString);
        Http.Response notJson = Http.postJson(Stack.url() + "/api/v2.0/retentions", "{\"rules\":", auth(owner));
        assertEquals(400, notJson.status(), notJson::toString);
        Http.Response scheduled = Http.postJson(Stack.url() + "/api/v2.0/retentions", "{\"rules\":[" + rule("nDaysSinceLastPush", 30, "**", "**")
                + "],\"trigger\":{\"kind\":\"Schedule\",\"settings\":{\"cron\":\"0 0 3 * * *\"}}" + scope, auth(owner));
        assertEquals(201, scheduled.status(), scheduled::toString);
        Http.Response again = Http.postJson(Stack.url() + "/api/v2.0/retentions", "{\"rules\":[]" + scope, auth(owner));
        assertEquals(409, again.status(), again::toString);
        JsonObject metadatas = Http.get(Stack.url() + "/api/v2.0/retentions/metadatas", "Authorization", auth(owner)).json();
        assertEquals(5, metadatas.getJsonArray("templates").size());
    }
}
