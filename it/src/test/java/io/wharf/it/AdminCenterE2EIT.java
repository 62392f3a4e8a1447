package io.wharf.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wharf.it.support.Cmd;
import io.wharf.it.support.Eventually;
import io.wharf.it.support.Http;
import io.wharf.it.support.Images;
import io.wharf.it.support.Stack;
import io.wharf.it.support.WharfApi;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonStructure;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The batch admin console: an operator signs in to Liberty's Admin Center (HTTPS, the batch
 * administrator {@code wharf}), opens the Java Batch tool, finds the job instance of a scan Wharf
 * ran, and reads its steps. What the browser shows must be what the batch runtime recorded.
 */
class AdminCenterE2EIT {
    private static final Path BROWSER_DIR = Stack.root().resolve("it/browser").toAbsolutePath().normalize();
    private static final Path SCREENSHOTS = Stack.root().resolve("it/target/admin-center-screenshots").toAbsolutePath().normalize();
    private static final List<String> JOB_STEPS = List.of("validate-parameters", "fetch-manifest", "prepare-layers",
            "scan-layers", "persist-report");

    @Test
    void anOperatorFindsAScanInTheJavaBatchToolAndReadsItsSteps(@TempDir Path dir) throws Exception {
        WharfApi api = new WharfApi(Stack.url(), Stack.adminPassword());
        String project = api.createProject(WharfApi.unique("batch"), false);
        String repository = project + "/app";
        Path layout = Images.build(dir);
        Cmd.Result push = Images.copy("oci:" + layout + ":v1", "docker://" + Stack.host() + "/" + repository + ":v1",
                null, "admin:" + Stack.adminPassword(), null);
        assertTrue(push.ok(), push::toString);
        String artifact = Stack.url() + "/api/v2.0/projects/" + project + "/repositories/app/artifacts/v1";
        Eventually.await("the pushed artifact", Duration.ofSeconds(30),
                () -> Http.get(artifact, "Authorization", api.adminAuth()).status(), s -> s == 200);
        Http.Response scan = Http.send("POST", artifact + "/scan", null, "Authorization", api.adminAuth());
        assertEquals(202, scan.status(), scan.toString());
        // Success, or Error when this stack's vulnerability database is empty: either way its batch job ran its steps.
        Eventually.await("the scan's end", Duration.ofSeconds(240), () -> scanStatus(api, artifact),
                s -> s.equals("Success") || s.equals("Error"));

        JsonArray instances = batch("/jobinstances?jobParameter.repository=" + repository).asJsonArray();
        assertFalse(instances.isEmpty(), "no image-scan instance for " + repository);
        JsonObject instance = instances.getJsonObject(0);
        assertEquals("image-scan", instance.getString("jobName"));
        long instanceId = instance.getJsonNumber("instanceId").longValue();
        JsonArray executions = batch("/jobinstances/" + instanceId + "/jobexecutions").asJsonArray();
        long executionId = executions.getJsonObject(executions.size() - 1).getJsonNumber("executionId").longValue();
        // The execution's end is written a moment after the scan's: wait until every step has its status.
        List<String> recorded = new ArrayList<>();
        // The list ends with an entry of links only; the others are the steps, in the order they ran.
        List<List<JsonObject>> steps = new ArrayList<>(List.of(List.of()));
        Eventually.await("the batch runtime's step records", Duration.ofSeconds(60), () -> {
            steps.set(0, batch("/jobexecutions/" + executionId + "/stepexecutions").asJsonArray().stream()
                    .map(JsonValue::asJsonObject).filter(o -> o.containsKey("stepName")).toList());
            return steps.get(0);
        }, a -> !a.isEmpty() && a.stream().allMatch(o -> !o.getString("batchStatus", "STARTED").startsWith("START")));
        for (JsonObject s : steps.get(0)) {
            recorded.add(s.getString("stepName") + "=" + s.getString("batchStatus"));
        }

        if (!Files.isDirectory(BROWSER_DIR.resolve("node_modules/playwright-core"))) {
            Cmd.Result npm = Cmd.run("npm", "ci", "--prefix", BROWSER_DIR.toString(), "--no-audit", "--no-fund");
            assertTrue(npm.ok(), "npm ci in " + BROWSER_DIR + ": " + npm);
        }
        Cmd.Result run = Cmd.runWithEnv(Map.of(
                "WHARF_HTTPS_URL", httpsUrl(),
                "BATCH_USER", "wharf",
                "BATCH_PASSWORD", Stack.internalSecret(),
                "BATCH_INSTANCE", Long.toString(instanceId),
                "BATCH_EXECUTION", Long.toString(executionId),
                "WHARF_SCREENSHOTS", SCREENSHOTS.toString(),
                "CHROMIUM", System.getProperty("wharf.chromium", "/usr/bin/chromium")),
                "node", BROWSER_DIR.resolve("admin-center-e2e.mjs").toString());
        System.out.println(run.output());
        assertEquals(0, run.exit(), "the browser run failed (screenshots in " + SCREENSHOTS + "):\n" + run.output());
        assertFalse(run.output().contains(Stack.internalSecret()), "the batch password was printed");

        String line = run.output().lines().filter(l -> l.startsWith("STEPS ")).findFirst().orElseThrow();
        List<String> shown = new ArrayList<>();
        for (JsonValue v : Json.createReader(new StringReader(line.substring(6))).readArray()) {
            JsonObject s = v.asJsonObject();
            shown.add(s.getString("name") + "=" + s.getString("status").toUpperCase());
        }
        assertEquals(recorded, shown, "Admin Center shows other steps than the batch runtime recorded");
        assertEquals("validate-parameters=COMPLETED", shown.get(0));
        for (String s : shown) {
            assertTrue(JOB_STEPS.contains(s.substring(0, s.indexOf('='))), "not a step of image-scan.xml: " + s);
        }
        for (String png : List.of("ac-01-toolbox.png", "ac-02-java-batch-instances.png", "ac-03-execution-steps.png")) {
            assertTrue(Files.size(SCREENSHOTS.resolve(png)) > 10_000, "screenshot " + png + " missing");
        }
    }

    private static String scanStatus(WharfApi api, String artifact) {
        JsonObject a = Http.get(artifact + "?with_scan_overview=true", "Authorization", api.adminAuth()).json();
        JsonObject overview = a.getJsonObject("scan_overview");
        if (overview == null || overview.isEmpty()) return "";
        return overview.values().iterator().next().asJsonObject().getString("scan_status", "");
    }

    private static String httpsUrl() {
        return "https://127.0.0.1:" + System.getenv().getOrDefault("WHARF_HTTPS_PORT", "18443");
    }

    /** Liberty's batch REST API over HTTPS (its certificate is self-signed), as the batch administrator. */
    private static JsonStructure batch(String path) {
        Cmd.Result r = Cmd.run("curl", "-sk", "--fail-with-body", "-u", "wharf:" + Stack.internalSecret(),
                httpsUrl() + "/ibm/api/batch" + path);
        assertTrue(r.ok(), () -> "batch API " + path + ": " + r.output());
        return Json.createReader(new StringReader(r.output())).read();
    }
}
