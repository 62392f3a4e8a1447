package io.wharf.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wharf.it.support.Cmd;
import io.wharf.it.support.Eventually;
import io.wharf.it.support.Http;
import io.wharf.it.support.Images;
import io.wharf.it.support.Stack;
import io.wharf.it.support.WebhookReceiver;
import io.wharf.it.support.WebhookReceiver.Delivery;
import io.wharf.it.support.WharfApi;
import jakarta.json.JsonObject;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Webhooks on the started stack: policies created through Harbor's API, real pushes, pulls and
 * deletes with skopeo and the API, a real scan, and a receiver started here that counts what
 * arrives: each event once per event id in Harbor's payload, CloudEvents and Slack shapes, a
 * failing receiver retried, a hanging one that does not slow a push, the delivery history.
 */
class WebhookE2EIT {
    private static final WharfApi API = new WharfApi(Stack.url(), Stack.adminPassword());
    private static final Duration LIMIT = Duration.ofSeconds(90);
    private static final String MIME = "application/vnd.security.vulnerability.report; version=1.1";
    private static WebhookReceiver receiver;

    @BeforeAll
    static void start() throws Exception {
        receiver = new WebhookReceiver();
        Path data = Stack.root().resolve("scanner/src/test/resources/vulndata").toAbsolutePath().normalize();
        Cmd.Result imported = Stack.wharf("vulndb", "import", data.resolve("alpine/v3.18").toString());
        assertTrue(imported.ok(), imported::toString);
    }

    @AfterAll
    static void stop() {
        if (receiver != null) receiver.close();
    }

    private static String admin() { return "admin:" + Stack.adminPassword(); }

    private static String ref(String project, String repoAndTag) { return "docker://" + Stack.host() + "/" + project + "/" + repoAndTag; }

    private static String webhooks(String project) { return Stack.url() + "/api/v2.0/projects/" + project + "/webhook"; }

    private static long createPolicy(String project, String json) {
        Http.Response r = Http.postJson(webhooks(project) + "/policies", json, API.adminAuth());
        assertEquals(201, r.status(), r.toString());
        String location = r.header("Location").orElseThrow();
        return Long.parseLong(location.substring(location.lastIndexOf('/') + 1));
    }

    private static String target(String address, String format, String auth) {
        return "{\"type\":\"http\",\"address\":\"" + address + "\",\"payload_format\":\"" + format + "\""
                + (auth == null ? "" : ",\"auth_header\":\"" + auth + "\"") + ",\"skip_cert_verify\":false}";
    }

    private static List<Delivery> await(String path, String what, Predicate<List<Delivery>> done) {
        return Eventually.await(what, LIMIT, () -> receiver.received(path), done);
    }

    private static long count(List<Delivery> deliveries, String type) {
        return deliveries.stream().filter(d -> type.equals(d.body().getString("type"))).count();
    }

    private static JsonObject resource(Delivery d) {
        return d.body().getJsonObject("event_data").getJsonArray("resources").getJsonObject(0);
    }

    @Test
    void pushesPullsDeletesAndScansReachTheReceiverOncePerEventId(@TempDir Path dir) throws Exception {
        String project = API.createProject(WharfApi.unique("hook"), false);
        String all = "/ok/" + project + "/all";
        String cloud = "/ok/" + project + "/ce";
        String slack = "/ok/" + project + "/slack";
        long policy = createPolicy(project, "{\"name\":\"ci\",\"description\":\"every artifact event\",\"enabled\":true,"
                + "\"event_types\":[\"PUSH_ARTIFACT\",\"PULL_ARTIFACT\",\"DELETE_ARTIFACT\",\"SCANNING_COMPLETED\"],"
                + "\"targets\":[" + target(receiver.url(all), "Default", "Bearer it-secret") + "]}");
        createPolicy(project, "{\"name\":\"chat\",\"event_types\":[\"PUSH_ARTIFACT\"],\"targets\":["
                + target(receiver.url(cloud), "CloudEvents", null) + ","
                + "{\"type\":\"slack\",\"address\":\"" + receiver.url(slack) + "\"}]}");

        // push (skopeo)
        Path image = Images.buildWith(Files.createDirectories(dir.resolve("one")), ScanE2EIT.ALPINE_AOM);
        Path digestFile = dir.resolve("digest");
        assertTrue(Images.copy("oci:" + image + ":v1", ref(project, "app:v1"), null, admin(), digestFile).ok());
        String digest = Files.readString(digestFile).strip();
        Delivery push = await(all, "the push", l -> count(l, "PUSH_ARTIFACT") >= 1).get(0);
        assertEquals("PUSH_ARTIFACT", push.body().getString("type"));
        assertEquals("admin", push.body().getString("operator"));
        assertTrue(Math.abs(push.body().getJsonNumber("occur_at").longValue() - System.currentTimeMillis() / 1000) < 120);
        assertEquals(digest, resource(push).getString("digest"));
        assertEquals("v1", resource(push).getString("tag"));
        assertTrue(resource(push).getString("resource_url").endsWith("/" + project + "/app:v1"), resource(push).toString());
        JsonObject repository = push.body().getJsonObject("event_data").getJsonObject("repository");
        assertEquals(project + "/app", repository.getString("repo_full_name"));
        assertEquals(project, repository.getString("namespace"));
        assertEquals("app", repository.getString("name"));
        assertEquals("Bearer it-secret", push.authorization());
        assertTrue(push.contentType().startsWith("application/json"), push.contentType());

        // pull (skopeo)
        assertTrue(Images.copy(ref(project, "app:v1"), "oci:" + dir.resolve("pulled") + ":v1", admin(), null, null).ok());
        Delivery pull = await(all, "the pull", l -> count(l, "PULL_ARTIFACT") >= 1).stream()
                .filter(d -> "PULL_ARTIFACT".equals(d.body().getString("type"))).findFirst().orElseThrow();
        assertEquals(digest, resource(pull).getString("digest"));

        // scan (API), completed with its overview
        String artifact = Stack.url() + "/api/v2.0/projects/" + project + "/repositories/app/artifacts/v1";
        assertEquals(202, Http.send("POST", artifact + "/scan", null, "Authorization", API.adminAuth()).status());
        Delivery scanned = await(all, "the scan's end", l -> count(l, "SCANNING_COMPLETED") >= 1).stream()
                .filter(d -> "SCANNING_COMPLETED".equals(d.body().getString("type"))).findFirst().orElseThrow();
        assertEquals(digest, resource(scanned).getString("digest"));
        JsonObject report = resource(scanned).getJsonObject("scan_overview").getJsonObject(MIME);
        assertEquals("Success", report.getString("scan_status"));
        assertTrue(report.getJsonObject("summary").getInt("total") >= 1, report.toString()); // aom 3.1.0-r0: CVE-2021-30473
        // and the scan was timed: wharf_scan_duration_seconds counts it under its status
        String https = "https://127.0.0.1:" + System.getenv().getOrDefault("WHARF_HTTPS_PORT", "18443");
        String metricsPassword = Files.readString(Stack.home().resolve("secret/metrics.password")).strip();
        Cmd.Result metrics = Cmd.run("curl", "-sfk", "--user", "metrics:" + metricsPassword, https + "/metrics");
        assertTrue(metrics.ok(), metrics::toString);
        assertTrue(metrics.output().lines().anyMatch(l -> l.startsWith("wharf_scan_duration_seconds_count{") && l.contains("status=\"Success\"")
                && Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)) >= 1), "no timed scan in /metrics");

        // delete (API), then a second artifact deleted with skopeo
        Path other = Images.build(Files.createDirectories(dir.resolve("two")));
        Path otherDigestFile = dir.resolve("digest2");
        assertTrue(Images.copy("oci:" + other + ":v1", ref(project, "app:v2"), null, admin(), otherDigestFile).ok());
        String otherDigest = Files.readString(otherDigestFile).strip();
        await(all, "the second push", l -> count(l, "PUSH_ARTIFACT") >= 2);
        Http.Response deleted = Http.send("DELETE", artifact, null, "Authorization", API.adminAuth());
        assertEquals(200, deleted.status(), deleted.toString());
        Cmd.Result skopeoDelete = Cmd.run("skopeo", "delete", "--tls-verify=false", "--creds", admin(),
                "docker://" + Stack.host() + "/" + project + "/app@" + otherDigest);
        assertTrue(skopeoDelete.ok(), skopeoDelete::toString);
        List<Delivery> deletes = await(all, "both deletes", l -> count(l, "DELETE_ARTIFACT") >= 2).stream()
                .filter(d -> "DELETE_ARTIFACT".equals(d.body().getString("type"))).toList();
        assertEquals(Set.of(digest, otherDigest), Set.of(resource(deletes.get(0)).getString("digest"), resource(deletes.get(1)).getString("digest")));

        // Nothing arrives twice: every delivery has an event id of its own, and its type once per artifact.
        Thread.sleep(3000);
        List<Delivery> everything = receiver.received(all);
        Set<String> ids = new HashSet<>();
        for (Delivery d : everything) assertTrue(ids.add(d.eventId()), "event " + d.eventId() + " arrived twice: " + everything);
        assertEquals(2, count(everything, "PUSH_ARTIFACT"), everything::toString);
        assertEquals(2, count(everything, "DELETE_ARTIFACT"), everything::toString);
        assertEquals(1, count(everything, "SCANNING_COMPLETED"), everything::toString);

        // The second policy: CloudEvents 1.0 (structured) and Slack's Block Kit, pushes only.
        List<Delivery> cloudEvents = await(cloud, "the CloudEvents pushes", l -> l.size() >= 2);
        for (Delivery d : cloudEvents) {
            JsonObject ce = d.body();
            assertTrue(d.contentType().startsWith("application/cloudevents+json"), d.contentType());
            assertEquals("1.0", ce.getString("specversion"));
            assertEquals(d.eventId(), ce.getString("id"));
            assertEquals("harbor.artifact.pushed", ce.getString("type"));
            assertTrue(ce.getString("source").matches("/projects/\\d+/webhook/policies/\\d+"), ce.getString("source"));
            URI.create(ce.getString("source"));
            OffsetDateTime.parse(ce.getString("time"));
            assertEquals("application/json", ce.getString("datacontenttype"));
            assertEquals(project + "/app", ce.getJsonObject("data").getJsonObject("repository").getString("repo_full_name"));
            for (String name : ce.keySet()) assertTrue(name.matches("[a-z0-9]{1,20}"), "CloudEvents attribute name " + name);
        }
        List<Delivery> slackMessages = await(slack, "the Slack pushes", l -> l.size() >= 2);
        String text = slackMessages.get(0).body().getJsonArray("blocks").getJsonObject(1).getJsonObject("text").getString("text");
        assertTrue(text.contains("*event_type:* PUSH_ARTIFACT"), text);
        assertEquals(2, receiver.received(cloud).size());
        assertEquals(2, receiver.received(slack).size());

        // The delivery history: an execution per event, its task succeeded, its log says so.
        Http.Response executions = Http.get(webhooks(project) + "/policies/" + policy + "/executions?page_size=50", "Authorization", API.adminAuth());
        assertEquals(200, executions.status(), executions.toString());
        assertEquals(everything.size(), executions.jsonArray().size(), executions.body());
        JsonObject first = executions.jsonArray().getJsonObject(0);
        assertEquals("WEBHOOK", first.getString("vendor_type"));
        assertEquals("Success", first.getString("status"), first.toString());
        Http.Response tasks = Http.get(webhooks(project) + "/policies/" + policy + "/executions/" + first.getInt("id") + "/tasks",
                "Authorization", API.adminAuth());
        JsonObject task = tasks.jsonArray().getJsonObject(0);
        assertEquals("Success", task.getString("status"));
        String log = Http.get(webhooks(project) + "/policies/" + policy + "/executions/" + first.getInt("id") + "/tasks/"
                + task.getInt("id") + "/log", "Authorization", API.adminAuth()).body();
        assertTrue(log.contains("answered 200"), log);
    }

    @Test
    void aReceiverThatAnswers500GetsTheEventAgain(@TempDir Path dir) throws Exception {
        String project = API.createProject(WharfApi.unique("flaky"), false);
        String path = "/flaky/" + project;
        long policy = createPolicy(project, "{\"name\":\"flaky\",\"event_types\":[\"PUSH_ARTIFACT\"],\"targets\":["
                + target(receiver.url(path), "Default", null) + "]}");
        assertTrue(Images.copy("oci:" + Images.build(dir) + ":v1", ref(project, "app:v1"), null, admin(), null).ok());
        List<Delivery> got = await(path, "the retry", l -> l.size() >= 2);
        assertEquals(got.get(0).eventId(), got.get(1).eventId(), "the retry carries the same event id");
        assertEquals(got.get(0).body(), got.get(1).body(), "and the same payload");
        JsonObject execution = Eventually.await("the task to succeed", LIMIT,
                () -> Http.get(webhooks(project) + "/policies/" + policy + "/executions", "Authorization", API.adminAuth()).jsonArray().getJsonObject(0),
                e -> "Success".equals(e.getString("status")));
        JsonObject task = Http.get(webhooks(project) + "/policies/" + policy + "/executions/" + execution.getInt("id") + "/tasks",
                "Authorization", API.adminAuth()).jsonArray().getJsonObject(0);
        assertEquals(2, task.getInt("run_count"));
        Thread.sleep(2000);
        assertEquals(2, receiver.received(path).size(), "delivered, then left alone");
    }

    @Test
    void aHangingReceiverDoesNotSlowAPush(@TempDir Path dir) throws Exception {
        String project = API.createProject(WharfApi.unique("hang"), false);
        long without = 0;
        for (int i = 0; i < 2; i++) {
            Path image = Images.build(Files.createDirectories(dir.resolve("plain" + i)));
            long start = System.nanoTime();
            assertTrue(Images.copy("oci:" + image + ":v1", ref(project, "plain:v" + i), null, admin(), null).ok());
            without = Math.max(without, System.nanoTime() - start);
        }
        String path = "/hang/" + project;
        long stuck = createPolicy(project, "{\"name\":\"stuck\",\"event_types\":[\"PUSH_ARTIFACT\",\"PULL_ARTIFACT\"],\"targets\":["
                + target(receiver.url(path), "Default", null) + "]}");
        long with = 0;
        for (int i = 0; i < 3; i++) {
            Path image = Images.build(Files.createDirectories(dir.resolve("hooked" + i)));
            long start = System.nanoTime();
            assertTrue(Images.copy("oci:" + image + ":v1", ref(project, "hooked:v" + i), null, admin(), null).ok());
            with = Math.max(with, System.nanoTime() - start);
            if (i == 0) await(path, "the first delivery to hang", l -> !l.isEmpty());
        }
        assertTrue(receiver.received(path).size() >= 1, "deliveries were under way while pushing");
        // A delivery waits up to webhook.timeout.ms (10 s) for the receiver: a push that waited for it would take that long.
        assertTrue(with < without + Duration.ofSeconds(4).toNanos(),
                "slowest push " + with / 1_000_000 + " ms with a hanging receiver, " + without / 1_000_000 + " ms without");
        // Deleting the policy ends its deliveries still waiting for a retry: they hold no worker once it is gone.
        assertEquals(200, Http.send("DELETE", webhooks(project) + "/policies/" + stuck, null, "Authorization", API.adminAuth()).status());
    }

    @Test
    void aTestEventReachesThePolicysTargets() {
        String project = API.createProject(WharfApi.unique("test"), false);
        String path = "/ok/" + project + "/test";
        long policy = createPolicy(project, "{\"name\":\"t\",\"event_types\":[\"SCANNING_FAILED\"],\"targets\":["
                + target(receiver.url(path), "Default", null) + "]}");
        Http.Response test = Http.send("POST", webhooks(project) + "/policies/" + policy + "/test", null, "Authorization", API.adminAuth());
        assertEquals(201, test.status(), test.toString());
        Delivery d = await(path, "the test event", l -> !l.isEmpty()).get(0);
        assertEquals("PUSH_ARTIFACT", d.body().getString("type"));
        assertEquals(project + "/webhook-test", d.body().getJsonObject("event_data").getJsonObject("repository").getString("repo_full_name"));
        assertTrue(d.eventId().startsWith("test-"), d.eventId());
    }

    @Test
    void policiesAreCheckedAndKeptPerProject() {
        String project = API.createProject(WharfApi.unique("pol"), false);
        String dev = API.createUser(WharfApi.unique("hookdev"));
        String maintainer = API.createUser(WharfApi.unique("hookmnt"));
        API.addMember(project, dev, 2);
        API.addMember(project, maintainer, 4);
        String ok = "{\"name\":\"p\",\"event_types\":[\"PUSH_ARTIFACT\"],\"targets\":[" + target("https://ci.example/hook", "Default", null) + "]}";
        Map<String, String> bad = Map.of(
                "{\"name\":\"p\",\"event_types\":[\"NO_SUCH\"],\"targets\":[" + target("https://ci.example/h", "Default", null) + "]}", "event_types",
                "{\"name\":\"p\",\"event_types\":[\"PUSH_ARTIFACT\"],\"targets\":[" + target("ftp://ci.example/h", "Default", null) + "]}", "address",
                "{\"name\":\"p\",\"event_types\":[\"PUSH_ARTIFACT\"],\"targets\":[]}", "targets",
                "{\"name\":\"p\",\"event_types\":\"PUSH_ARTIFACT\",\"targets\":[]}", "event_types",
                "{\"name\":\"p\",\"enabled\":\"yes\",\"event_types\":[\"PUSH_ARTIFACT\"],\"targets\":[]}", "enabled");
        bad.forEach((body, field) -> {
            Http.Response r = Http.postJson(webhooks(project) + "/policies", body, API.adminAuth());
            assertEquals(400, r.status(), body + " -> " + r);
            assertTrue(r.body().contains(field), r.body());
        });
        assertEquals(403, Http.postJson(webhooks(project) + "/policies", ok, Http.basic(dev, WharfApi.PASSWORD)).status());
        long id = createPolicy(project, ok);
        assertEquals(409, Http.postJson(webhooks(project) + "/policies", ok, API.adminAuth()).status());
        // maintainers read policies, developers do not (Harbor's RBAC)
        assertEquals(200, Http.get(webhooks(project) + "/policies/" + id, "Authorization", Http.basic(maintainer, WharfApi.PASSWORD)).status());
        assertEquals(403, Http.get(webhooks(project) + "/policies", "Authorization", Http.basic(dev, WharfApi.PASSWORD)).status());
        assertEquals(200, Http.putJson(webhooks(project) + "/policies/" + id, "{\"enabled\":false}", API.adminAuth()).status());
        JsonObject policy = Http.get(webhooks(project) + "/policies/" + id, "Authorization", API.adminAuth()).json();
        assertFalse(policy.getBoolean("enabled"));
        assertEquals("https://ci.example/hook", policy.getJsonArray("targets").getJsonObject(0).getString("address"));
        JsonObject events = Http.get(webhooks(project) + "/events", "Authorization", API.adminAuth()).json();
        assertTrue(events.getJsonArray("event_type").toString().contains("VULNERABILITY_SEVERITY_ROSE"));
        assertTrue(events.getJsonArray("event_type").toString().contains("QUOTA_EXCEED"));
        assertEquals(200, Http.send("DELETE", webhooks(project) + "/policies/" + id, null, "Authorization", API.adminAuth()).status());
        assertEquals(404, Http.get(webhooks(project) + "/policies/" + id, "Authorization", API.adminAuth()).status());
    }
}
