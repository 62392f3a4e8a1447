package io.wharf.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wharf.it.support.Cmd;
import io.wharf.it.support.Eventually;
import io.wharf.it.support.Http;
import io.wharf.it.support.Images;
import io.wharf.it.support.Stack;
import io.wharf.it.support.WharfApi;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SBOM generation on the started stack (issue 19 part 4): an image pushed with skopeo, its SBOM
 * asked for in Harbor 2.11's form, found through the referrers API and the accessories listing,
 * read as CycloneDX, shown in {@code sbom_overview}, deleted with its image; and generated on push
 * when the project asks for it. The image holds an Alpine package database and an npm package, as
 * the scan tests' images do.
 */
class SbomE2EIT {
    static final Duration LIMIT = Duration.ofSeconds(120);
    static final String SBOM_TYPE = "application/vnd.goharbor.harbor.sbom.v1";
    static WharfApi api;

    @BeforeAll
    static void arrange() {
        api = new WharfApi(Stack.url(), Stack.adminPassword());
    }

    @Test
    void aDeveloperGeneratesAnSbomThatIsAttachedToTheImageAndGoesWithIt(@TempDir Path dir) throws Exception {
        String project = api.createProject(WharfApi.unique("sbom"), false);
        String dev = api.createUser(WharfApi.unique("sbomdev"));
        String guest = api.createUser(WharfApi.unique("sbomguest"));
        api.addMember(project, dev, 2);
        api.addMember(project, guest, 3);
        String repo = project + "/app";
        String image = push(dir, repo, ScanE2EIT.merge(ScanE2EIT.ALPINE_AOM, ScanE2EIT.LODASH));
        String artifact = artifactUrl(project, "app", "v1");

        Http.Response byGuest = Http.send("POST", artifact + "/scan", "{\"scan_type\":\"sbom\"}",
                "Authorization", Http.basic(guest, WharfApi.PASSWORD), "Content-Type", "application/json");
        assertEquals(403, byGuest.status(), byGuest::toString);
        Http.Response badType = Http.send("POST", artifact + "/scan", "{\"scan_type\":\"everything\"}",
                "Authorization", Http.basic(dev, WharfApi.PASSWORD), "Content-Type", "application/json");
        assertEquals(400, badType.status(), badType::toString);
        assertTrue(badType.body().contains("\"errors\""), badType::toString);
        assertEquals(404, Http.get(artifact + "/additions/sbom", "Authorization", Http.basic(guest, WharfApi.PASSWORD)).status(),
                "no SBOM before one is generated");

        Http.Response asked = Http.send("POST", artifact + "/scan", "{\"scan_type\":\"sbom\"}",
                "Authorization", Http.basic(dev, WharfApi.PASSWORD), "Content-Type", "application/json");
        assertEquals(202, asked.status(), asked::toString);
        JsonObject overview = awaitSbom(project, "app", "v1", "Success");
        String sbom = overview.getString("sbom_digest");
        assertEquals(asked.header("X-Wharf-Report-Id").orElseThrow(), overview.getString("report_id"));
        assertTrue(overview.containsKey("start_time") && overview.containsKey("end_time"), overview::toString);
        assertEquals("Wharf", overview.getJsonObject("scanner").getString("name"));
        // The job's log, where a failed generation says why (read once the job has ended).
        String log = Eventually.await("the SBOM job's log to end", LIMIT, () -> Http.get(artifact + "/scan/" + overview.getString("report_id")
                + "/log", "Authorization", Http.basic(guest, WharfApi.PASSWORD)).body(), text -> text.contains("job ended"));
        assertTrue(log.contains("SBOM " + sbom + " attached to " + image), log);
        Http.Response stop = Http.send("POST", artifact + "/scan/stop", "{\"scan_type\":\"sbom\"}",
                "Authorization", Http.basic(dev, WharfApi.PASSWORD), "Content-Type", "application/json");
        assertEquals(400, stop.status(), stop::toString);
        assertTrue(stop.body().contains("no SBOM generation"), stop::toString);

        // The referrers API: an OCI image manifest of Harbor's SBOM artifact type, whose subject is the image.
        String token = api.token(dev, WharfApi.PASSWORD, "repository:" + repo + ":pull");
        Http.Response referrers = Http.get(Stack.url() + "/v2/" + repo + "/referrers/" + image, "Authorization", Http.bearer(token));
        assertEquals(200, referrers.status(), referrers::toString);
        JsonArray manifests = referrers.json().getJsonArray("manifests");
        assertEquals(1, manifests.size(), manifests::toString);
        assertEquals(sbom, manifests.getJsonObject(0).getString("digest"));
        assertEquals(SBOM_TYPE, manifests.getJsonObject(0).getString("artifactType"));
        JsonObject manifest = Http.get(Stack.url() + "/v2/" + repo + "/manifests/" + sbom, "Authorization", Http.bearer(token),
                "Accept", "application/vnd.oci.image.manifest.v1+json").json();
        assertEquals(image, manifest.getJsonObject("subject").getString("digest"));
        assertEquals("application/vnd.cyclonedx+json", manifest.getJsonArray("layers").getJsonObject(0).getString("mediaType"));
        assertEquals("Harbor", manifest.getJsonObject("annotations").getString("created-by"));

        // The document: CycloneDX listing the image's packages, the same bytes as the accessory's layer.
        Http.Response document = Http.get(artifact + "/additions/sbom", "Authorization", Http.basic(guest, WharfApi.PASSWORD));
        assertEquals(200, document.status(), document::toString);
        JsonObject bom = document.json();
        assertEquals("CycloneDX", bom.getString("bomFormat"));
        Set<String> components = bom.getJsonArray("components").getValuesAs(JsonObject.class).stream()
                .map(c -> c.getString("name") + "@" + c.getString("version")).collect(Collectors.toSet());
        assertTrue(components.containsAll(Set.of("aom@3.1.0-r0", "lodash@4.17.19")), components::toString);
        String layer = manifest.getJsonArray("layers").getJsonObject(0).getString("digest");
        assertEquals(document.body(), Http.get(Stack.url() + "/v2/" + repo + "/blobs/" + layer, "Authorization", Http.bearer(token)).body());

        // An accessory of the image in Harbor's API, not an artifact of its own, and not scanned.
        JsonArray accessories = Http.get(artifact + "/accessories", "Authorization", Http.basic(dev, WharfApi.PASSWORD)).jsonArray();
        assertEquals(List.of(sbom), accessories.getValuesAs(JsonObject.class).stream().map(a -> a.getString("digest")).toList());
        assertEquals(image, accessories.getJsonObject(0).getString("subject_artifact_digest"));
        JsonArray listing = Http.get(Stack.url() + "/api/v2.0/projects/" + project + "/repositories/app/artifacts?with_sbom_overview=true",
                "Authorization", Http.basic(dev, WharfApi.PASSWORD)).jsonArray();
        assertEquals(List.of(image), listing.getValuesAs(JsonObject.class).stream().map(a -> a.getString("digest")).toList());
        assertEquals(sbom, listing.getJsonObject(0).getJsonObject("sbom_overview").getString("sbom_digest"));
        // Harbor's accessory type for an SBOM it generated, and the link to the document among the additions.
        assertEquals("harbor.sbom", accessories.getJsonObject(0).getString("type"));
        String link = listing.getJsonObject(0).getJsonObject("addition_links").getJsonObject("sbom").getString("href");
        assertEquals(document.body(), Http.get(Stack.url() + link, "Authorization", Http.basic(guest, WharfApi.PASSWORD)).body());
        // The project-wide listing carries the same overview when asked.
        JsonArray inProject = Http.get(Stack.url() + "/api/v2.0/projects/" + project + "/artifacts?with_sbom_overview=true",
                "Authorization", Http.basic(dev, WharfApi.PASSWORD)).jsonArray();
        assertEquals(sbom, inProject.getValuesAs(JsonObject.class).stream().filter(a -> a.getString("digest").equals(image)).findFirst()
                .orElseThrow().getJsonObject("sbom_overview").getString("sbom_digest"));

        Http.Response deleted = Http.send("DELETE", artifact.replace("/v1", "/" + image), null, "Authorization", api.adminAuth());
        assertEquals(200, deleted.status(), deleted::toString);
        assertEquals(404, Http.send("HEAD", Stack.url() + "/v2/" + repo + "/manifests/" + sbom, null,
                "Authorization", Http.bearer(token)).status(), "the SBOM goes with its image");
    }

    @Test
    void aProjectWithAutoSbomGenerationGeneratesOneOnPush(@TempDir Path dir) throws Exception {
        String project = api.createProject(WharfApi.unique("autosbom"), false);
        String url = Stack.url() + "/api/v2.0/projects/" + project;
        assertEquals(400, Http.putJson(url, "{\"metadata\":{\"auto_sbom_generation\":\"maybe\"}}", api.adminAuth()).status());
        assertEquals(200, Http.putJson(url, "{\"metadata\":{\"auto_sbom_generation\":\"true\"}}", api.adminAuth()).status());
        String image = push(dir, project + "/web", ScanE2EIT.LODASH);
        JsonObject overview = awaitSbom(project, "web", "v1", "Success");
        String token = api.token("admin", Stack.adminPassword(), "repository:" + project + "/web:pull");
        JsonArray manifests = Http.get(Stack.url() + "/v2/" + project + "/web/referrers/" + image
                + "?artifactType=" + java.net.URLEncoder.encode(SBOM_TYPE, java.nio.charset.StandardCharsets.UTF_8),
                "Authorization", Http.bearer(token)).json().getJsonArray("manifests");
        assertEquals(List.of(overview.getString("sbom_digest")),
                manifests.getValuesAs(JsonObject.class).stream().map(m -> m.getString("digest")).toList());
        assertTrue(Http.get(artifactUrl(project, "web", "v1") + "/additions/sbom", "Authorization", api.adminAuth()).body()
                .contains("pkg:npm/lodash@4.17.19"));
    }

    @Test
    void aLayerTheRegistryLostFailsTheGenerationWithItsReasonAndLeavesNoSbom(@TempDir Path dir) throws Exception {
        String project = api.createProject(WharfApi.unique("sbomlost"), false);
        String image = push(dir, project + "/broken", ScanE2EIT.ALPINE_AOM);
        JsonObject manifest = Http.get(artifactUrl(project, "broken", "v1"), "Authorization", api.adminAuth()).json();
        String layer = manifest.getJsonArray("layers").getString(0);
        Path data = Stack.home().resolve("registry/docker/registry/v2/blobs/sha256/" + layer.substring(7, 9) + "/" + layer.substring(7) + "/data");
        assertTrue(Files.exists(data), data::toString);
        Files.delete(data);

        assertEquals(202, Http.send("POST", artifactUrl(project, "broken", "v1") + "/scan", "{\"scan_type\":\"sbom\"}",
                "Authorization", api.adminAuth(), "Content-Type", "application/json").status());
        JsonObject overview = awaitSbom(project, "broken", "v1", "Error");
        assertTrue(!overview.containsKey("sbom_digest"), overview::toString);
        String log = Eventually.await("the SBOM job's log to end", LIMIT, () -> Http.get(artifactUrl(project, "broken", "v1") + "/scan/"
                + overview.getString("report_id") + "/log", "Authorization", api.adminAuth()).body(), text -> text.contains("job ended"));
        assertTrue(log.contains(layer), "the log names the layer that could not be read: " + log);
        String token = api.token("admin", Stack.adminPassword(), "repository:" + project + "/broken:pull");
        assertEquals(0, Http.get(Stack.url() + "/v2/" + project + "/broken/referrers/" + image, "Authorization", Http.bearer(token))
                .json().getJsonArray("manifests").size(), "nothing half written");
        assertEquals(404, Http.get(artifactUrl(project, "broken", "v1") + "/additions/sbom", "Authorization", api.adminAuth()).status());
    }

    // --- helpers ---

    static String push(Path dir, String repository, Map<String, String> files) throws Exception {
        Path layout = Images.buildWith(dir, files);
        Path digestFile = dir.resolve("digest");
        Cmd.Result copied = Images.copy("oci:" + layout + ":v1", "docker://" + Stack.host() + "/" + repository + ":v1", null,
                "admin:" + Stack.adminPassword(), digestFile);
        assertTrue(copied.ok(), copied::toString);
        String project = repository.substring(0, repository.indexOf('/'));
        String name = repository.substring(repository.indexOf('/') + 1);
        Eventually.await("the push to be recorded", LIMIT,
                () -> Http.get(artifactUrl(project, name, "v1"), "Authorization", api.adminAuth()).status(), s -> s == 200);
        return Files.readString(digestFile).strip();
    }

    static String artifactUrl(String project, String repository, String reference) {
        return Stack.url() + "/api/v2.0/projects/" + project + "/repositories/" + repository + "/artifacts/" + reference;
    }

    static JsonObject sbomOverview(String project, String repository, String reference) {
        Http.Response r = Http.get(artifactUrl(project, repository, reference) + "?with_sbom_overview=true", "Authorization", api.adminAuth());
        if (r.status() != 200 || !r.json().containsKey("sbom_overview")) return null;
        return r.json().getJsonObject("sbom_overview");
    }

    static JsonObject awaitSbom(String project, String repository, String reference, String status) {
        JsonObject o = Eventually.await(project + "/" + repository + " SBOM " + status, LIMIT, () -> sbomOverview(project, repository, reference),
                x -> x != null && (x.getString("scan_status").equals(status) || x.getString("scan_status").equals("Error")));
        assertEquals(status, o.getString("scan_status"), o::toString);
        return o;
    }
}
