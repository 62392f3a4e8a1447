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
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /metrics} as Prometheus reads it (parsed with Prometheus's own Python text-format parser):
 * closed without the metrics reader's password, Harbor's project, pull and job series, and the
 * request and gateway counters moving with a real push and pull. Also {@code /openapi}: every
 * {@code /api} and {@code /service} operation the resources declare is in the served document.
 */
class MetricsE2EIT {
    private static final WharfApi API = new WharfApi(Stack.url(), Stack.adminPassword());

    /** One sample of the exposition. */
    record Sample(String name, Map<String, String> labels, double value) {}

    private static String httpsUrl() {
        return "https://127.0.0.1:" + System.getenv().getOrDefault("WHARF_HTTPS_PORT", "18443");
    }

    private static String metricsPassword() throws IOException {
        return Files.readString(Stack.home().resolve("secret/metrics.password")).strip();
    }

    private static List<Sample> scrape() {
        try {
            Path script = Path.of(MetricsE2EIT.class.getResource("/metrics/samples.py").toURI());
            Cmd.Result r = Cmd.run("bash", "-c", "set -o pipefail; curl -sfk --user metrics:\"$0\" " + httpsUrl()
                    + "/metrics | /usr/bin/python3 " + script, metricsPassword());
            assertTrue(r.ok(), "scraped and parsed: " + r);
            return r.output().lines().filter(l -> l.startsWith("{")).map(MetricsE2EIT::sample).toList();
        } catch (IOException | java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Sample sample(String line) {
        JsonObject o = Json.createReader(new StringReader(line)).readObject();
        Map<String, String> labels = o.getJsonObject("labels").entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> ((jakarta.json.JsonString) e.getValue()).getString()));
        return new Sample(o.getString("name"), labels, o.getJsonNumber("value").doubleValue());
    }

    /** The sum of a series' samples whose labels include these. */
    private static double sum(List<Sample> samples, String name, String... labels) {
        return samples.stream().filter(s -> s.name().equals(name)).filter(s -> {
            for (int i = 0; i < labels.length; i += 2) {
                if (!labels[i + 1].equals(s.labels().get(labels[i]))) return false;
            }
            return true;
        }).mapToDouble(Sample::value).sum();
    }

    private static boolean has(List<Sample> samples, String name) {
        return samples.stream().anyMatch(s -> s.name().equals(name));
    }

    @Test
    void metricsNeedTheReadersPassword() throws IOException {
        Cmd.Result none = Cmd.run("curl", "-sk", "-o", "/dev/null", "-w", "%{http_code}", httpsUrl() + "/metrics");
        assertEquals("401", none.output().strip(), "no credentials");
        Cmd.Result wrong = Cmd.run("curl", "-sk", "-o", "/dev/null", "-w", "%{http_code}", "--user", "metrics:wrong", httpsUrl() + "/metrics");
        assertEquals("401", wrong.output().strip(), "a wrong password");
        Http.Response plain = Http.get(Stack.url() + "/metrics");
        assertFalse(plain.status() == 200 && plain.body().contains("harbor_"), "no metrics over plain HTTP without credentials: " + plain.status());
    }

    @Test
    void countersAndGaugesFollowAPushAndAPull(@TempDir Path dir) throws Exception {
        String user = API.createUser(WharfApi.unique("met"));
        String project = API.createProject(WharfApi.unique("met"), false);
        API.addMember(project, user, 2);
        Path image = Images.build(Files.createDirectories(dir.resolve("img")));
        long imageBytes;
        try (var files = Files.walk(image.resolve("blobs"))) {
            imageBytes = files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }

        List<Sample> before = scrape();
        String creds = user + ":" + WharfApi.PASSWORD;
        String ref = "docker://" + Stack.host() + "/" + project + "/app:v1";
        assertTrue(Images.copy("oci:" + image + ":v1", ref, null, creds, null).ok());
        assertTrue(Images.copy(ref, "oci:" + dir.resolve("pulled") + ":v1", creds, null, null).ok());

        List<Sample> after = Eventually.await("the project's gauges", Duration.ofSeconds(60), MetricsE2EIT::scrape,
                s -> sum(s, "harbor_project_repo_total", "project_name", project) == 1
                        && sum(s, "harbor_artifact_pulled", "project_name", project) >= 1);
        assertEquals(2, sum(after, "harbor_project_member_total", "project_name", project), "the creator and the developer");
        assertTrue(sum(after, "harbor_project_quota_usage_byte", "project_name", project) > 0);
        assertTrue(sum(after, "harbor_project_total", "public", "false") >= 1);

        assertTrue(sum(after, "wharf_gateway_bytes_total", "direction", "in") - sum(before, "wharf_gateway_bytes_total", "direction", "in")
                >= imageBytes - 4096, "the push's bytes crossed the gateway");
        assertTrue(sum(after, "wharf_gateway_bytes_total", "direction", "out") - sum(before, "wharf_gateway_bytes_total", "direction", "out")
                >= imageBytes - 4096, "the pull's bytes crossed the gateway");
        assertTrue(sum(after, "wharf_gateway_request_total", "method", "PUT", "code", "201")
                > sum(before, "wharf_gateway_request_total", "method", "PUT", "code", "201"), "the manifest and blob PUTs");
        assertTrue(sum(after, "wharf_token_issued_total") >= sum(before, "wharf_token_issued_total") + 2, "a token for the push and one for the pull");
        assertTrue(sum(after, "harbor_core_http_request_total", "operation", "RegistryGatewayResource.get")
                > sum(before, "harbor_core_http_request_total", "operation", "RegistryGatewayResource.get"));
        assertTrue(has(after, "harbor_core_http_request_duration_seconds_count"), "request durations");
        assertTrue(has(after, "harbor_jobservice_task_total"), "jobs by type and status");
        assertTrue(has(after, "wharf_jobservice_queue_depth") && sum(after, "wharf_jobservice_queue_depth") >= 0, "Redis answered");
        assertTrue(has(after, "wharf_vulndb_age_seconds"));
    }

    @Test
    void theOpenApiDocumentDescribesEveryApiOperation() throws IOException {
        Path listed = Stack.root().resolve("web/target/rest-endpoints.txt");
        assertTrue(Files.exists(listed), "the web module's tests list the declared operations in " + listed);
        Http.Response doc = Http.get(Stack.url() + "/openapi", "Accept", "application/json");
        assertEquals(200, doc.status(), doc.toString());
        JsonObject paths = doc.json().getJsonObject("paths");
        TreeSet<String> missing = new TreeSet<>();
        for (String endpoint : Files.readAllLines(listed)) {
            String verb = endpoint.substring(0, endpoint.indexOf(' ')).toLowerCase(java.util.Locale.ROOT);
            String path = endpoint.substring(endpoint.indexOf(' ') + 1);
            JsonObject item = paths.getJsonObject(path);
            if (item == null || !item.containsKey(verb)) missing.add(endpoint);
        }
        assertTrue(missing.isEmpty(), "operations missing from /openapi: " + missing);
    }

    /**
     * The document and its UI as a user opens them (YAML by default, JSON on request, the UI page and
     * its scripts), and every other method or path there answered like the API: 405 with
     * {@code Allow} and 404, both as JSON errors, never the server's 501 or its HTML page.
     */
    @Test
    void theOpenApiDocumentAndItsUiAnswerLikeTheApi() {
        Http.Response yaml = Http.get(Stack.url() + "/openapi");
        assertEquals(200, yaml.status(), yaml.toString());
        assertTrue(yaml.header("Content-Type").orElse("").startsWith("application/yaml"), yaml.headers().toString());
        assertTrue(yaml.body().startsWith("---") || yaml.body().startsWith("openapi:"), yaml.body().substring(0, 40));
        Http.Response json = Http.get(Stack.url() + "/openapi?format=JSON");
        assertEquals(200, json.status());
        assertTrue(json.json().getString("openapi").startsWith("3."), "an OpenAPI 3 document");
        assertTrue(json.json().getJsonObject("paths").containsKey("/api/v2.0/projects"));

        Http.Response page = Http.get(Stack.url() + "/openapi/ui");
        assertEquals(200, page.status());
        assertTrue(page.header("Content-Type").orElse("").startsWith("text/html"));
        for (String script : List.of("/openapi/ui/swagger-ui-bundle.js", "/openapi/ui/wharf-openapi-ui.js", "/openapi/ui/swagger-ui.css")) {
            assertTrue(page.body().contains(script), "the page loads " + script);
            Http.Response file = Http.get(Stack.url() + script);
            assertEquals(200, file.status(), script);
            assertTrue(file.bytes().length > 100, script);
        }
        assertTrue(Http.get(Stack.url() + "/openapi/ui/wharf-openapi-ui.js").body().contains("/openapi?format=JSON"),
                "the UI shows Wharf's document");

        for (String method : List.of("PATCH", "PROPFIND", "FOO", "POST", "DELETE")) {
            for (String path : List.of("/openapi", "/openapi/ui")) {
                Http.Response r = Http.send(method, Stack.url() + path, method.equals("POST") ? "{}" : null, "Content-Type", "application/json");
                assertEquals(405, r.status(), method + " " + path + ": " + r);
                assertTrue(r.header("Allow").orElse("").contains("GET"), method + " " + path + " names the allowed methods");
                assertEquals("METHOD_NOT_ALLOWED", r.errorCode(), method + " " + path);
            }
        }
        for (String path : List.of("/openapi/x", "/openapi/ui/x", "/openapi/ui/index.html", "/openapi/ui/swagger-ui-bundle.js/x")) {
            Http.Response r = Http.get(Stack.url() + path);
            assertEquals(404, r.status(), path + ": " + r);
            assertEquals("NOT_FOUND", r.errorCode(), path);
        }
    }
}
