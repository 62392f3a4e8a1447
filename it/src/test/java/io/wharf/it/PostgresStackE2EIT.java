package io.wharf.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wharf.it.support.Cmd;
import io.wharf.it.support.Eventually;
import io.wharf.it.support.Http;
import io.wharf.it.support.Images;
import io.wharf.it.support.Stack;
import io.wharf.it.support.WharfApi;
import jakarta.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.io.TempDir;

/**
 * A second stack on PostgreSQL instead of Derby (WHARF_DB_TYPE=postgresql), started and stopped
 * here with bin/wharf: the schema is created on first start, and users, projects, pushes recorded
 * from notifications and jobs all work on it. Runs where the build was given a database
 * (WHARF_IT_PG_PASSWORD; .ci/run creates one).
 */
@EnabledIfEnvironmentVariable(named = "WHARF_IT_PG_PASSWORD", matches = ".+")
class PostgresStackE2EIT {
    @Test
    void theStackRunsOnPostgreSql(@TempDir Path dir) throws Exception {
        Path home = Stack.home().resolveSibling("wharf-home-pg");
        Map<String, String> env = new HashMap<>();
        env.put("WHARF_HOME", home.toString());
        env.put("WHARF_HTTP_PORT", "18090");
        env.put("WHARF_HTTPS_PORT", "18453");
        env.put("WHARF_REGISTRY_PORT", "18510");
        env.put("WHARF_REDIS_PORT", "18389");
        env.put("WHARF_DB_TYPE", "postgresql");
        env.put("WHARF_SERVERS", "2"); // behind HAProxy on 18090; the servers on 18190 and 18191
        env.put("JOBSERVICE_SAMPLE_JOBS", "true");
        env.put("VULNDB_SOURCES", "none"); // a new installation without data: its scans must say so
        env.put("WHARF_DB_HOST", System.getenv().getOrDefault("WHARF_IT_PG_HOST", "127.0.0.1"));
        env.put("WHARF_DB_PORT", System.getenv().getOrDefault("WHARF_IT_PG_PORT", "5432"));
        env.put("WHARF_DB_NAME", System.getenv().getOrDefault("WHARF_IT_PG_DB", "wharf_it"));
        env.put("WHARF_DB_USER", System.getenv().getOrDefault("WHARF_IT_PG_USER", "wharf_it"));
        env.put("WHARF_DB_PASSWORD", System.getenv("WHARF_IT_PG_PASSWORD"));
        String wharf = Stack.root().resolve("bin/wharf").toString();
        try {
            // Inside the try: a start that fails or times out must not leave servers behind.
            Cmd.Result up = Cmd.runWithEnv(env, wharf, "up");
            assertTrue(up.ok(), up::toString);
            String url = "http://127.0.0.1:18090";
            JsonObject health = Http.get(url + "/health").json();
            assertEquals("UP", health.getString("status"), health::toString);
            WharfApi api = new WharfApi(url, Stack.adminPassword());
            String user = api.createUser(WharfApi.unique("pg"));
            String project = api.createProject(WharfApi.unique("pg"), false);
            api.addMember(project, user, 2);
            Path image = Images.build(dir);
            Cmd.Result push = Images.copy("oci:" + image + ":v1", "docker://127.0.0.1:18090/" + project + "/app:v1", null,
                    user + ":" + WharfApi.PASSWORD, null);
            assertTrue(push.ok(), push::toString);
            JsonObject repo = Eventually.await("the pushed repository", Duration.ofSeconds(30), () -> {
                Http.Response r = Http.get(url + "/api/v2.0/projects/" + project + "/repositories/app", "Authorization", api.adminAuth());
                return r.status() == 200 ? r.json() : null;
            }, r -> r != null);
            assertEquals(1, repo.getInt("artifact_count"));

            // Nothing has filled the vulnerability database: a scan ends in Error and says why,
            // never "no vulnerabilities".
            String artifact = url + "/api/v2.0/projects/" + project + "/repositories/app/artifacts/v1";
            assertEquals(202, Http.send("POST", artifact + "/scan", null, "Authorization", api.adminAuth()).status());
            JsonObject failed = Eventually.await("the scan on an empty database", Duration.ofSeconds(60), () -> {
                Http.Response r = Http.get(artifact + "?with_scan_overview=true", "Authorization", api.adminAuth());
                return r.json().containsKey("scan_overview")
                        ? r.json().getJsonObject("scan_overview").getJsonObject(ScanE2EIT.MIME) : null;
            }, o -> o != null && java.util.Set.of("Error", "Success").contains(o.getString("scan_status")));
            assertEquals("Error", failed.getString("scan_status"), failed::toString);
            String scanLog = Http.get(artifact + "/scan/" + failed.getString("report_id") + "/log", "Authorization", api.adminAuth()).body();
            assertTrue(scanLog.contains("vulnerability database is empty"), scanLog);
            JsonObject vulndb = Http.get(url + "/api/v2.0/vulndb", "Authorization", api.adminAuth()).json();
            assertTrue(vulndb.getBoolean("empty"), vulndb::toString);
            assertTrue(vulndb.getJsonArray("warnings").getString(0).contains("empty"), vulndb::toString);
            assertEquals(false, vulndb.getBoolean("updater_enabled"), vulndb::toString);

            String secret = "Harbor-Secret " + java.nio.file.Files.readString(home.resolve("secret/internal.secret")).strip();
            Http.Response job = Http.postJson(url + "/api/v1/jobs",
                    "{\"job\":{\"name\":\"SAMPLE\",\"parameters\":{\"sleep_ms\":100},\"metadata\":{\"kind\":\"Generic\"}}}", secret);
            assertEquals(202, job.status(), job.toString());
            String id = job.json().getJsonObject("job").getString("id");
            Eventually.await("the job on PostgreSQL", Duration.ofSeconds(30),
                    () -> Http.get(url + "/api/v1/jobs/" + id, "Authorization", secret).json().getJsonObject("job").getString("status"),
                    "Success"::equals);

            // A second server shares the database and Redis: jobs submitted to either run once each,
            // on the workers of both.
            String second = "http://127.0.0.1:18191";
            assertEquals(200, Http.get(second + "/health").status());
            assertEquals(200, Http.get(second + "/api/v2.0/projects/" + project, "Authorization", api.adminAuth()).status());
            // A member removed through one server loses access through the other at once, not when the
            // other's access cache (5 s) expires: the change is announced to it through Redis.
            java.util.function.Supplier<String> grantOnSecond = () -> {
                Http.Response t = Http.get(second + "/service/token?service=wharf-registry&scope=repository:" + project
                        + "/app:pull", "Authorization", Http.basic(user, WharfApi.PASSWORD));
                assertEquals(200, t.status(), t.toString());
                String claims = new String(java.util.Base64.getUrlDecoder().decode(t.json().getString("token").split("\\.")[1]),
                        java.nio.charset.StandardCharsets.UTF_8);
                return claims.contains("\"pull\"") ? "pull" : "none";
            };
            assertEquals("pull", grantOnSecond.get());
            long memberId = Http.get(url + "/api/v2.0/projects/" + project + "/members", "Authorization", api.adminAuth())
                    .jsonArray().getValuesAs(JsonObject.class).stream()
                    .filter(m -> m.getString("entity_name").equals(user)).findFirst().orElseThrow()
                    .getJsonNumber("id").longValue();
            // Removed through the first server itself (not through HAProxy, which might pick the second).
            assertEquals(200, Http.send("DELETE", "http://127.0.0.1:18190/api/v2.0/projects/" + project + "/members/" + memberId, null,
                    "Authorization", api.adminAuth()).status());
            Eventually.await("the second server to see the removal", Duration.ofSeconds(2), grantOnSecond, "none"::equals);

            java.util.List<String> ids = new java.util.ArrayList<>();
            for (int i = 0; i < 24; i++) {
                Http.Response r = Http.postJson((i % 2 == 0 ? url : second) + "/api/v1/jobs",
                        "{\"job\":{\"name\":\"SAMPLE\",\"parameters\":{\"sleep_ms\":400},\"metadata\":{\"kind\":\"Generic\"}}}", secret);
                assertEquals(202, r.status(), r.toString());
                ids.add(r.json().getJsonObject("job").getString("id"));
            }
            java.util.Set<String> servers = new java.util.HashSet<>();
            for (String jobId : ids) {
                Eventually.await("job " + jobId, Duration.ofSeconds(60),
                        () -> Http.get(url + "/api/v1/jobs/" + jobId, "Authorization", secret).json().getJsonObject("job").getString("status"),
                        "Success"::equals);
                String log = Http.get(second + "/api/v1/jobs/" + jobId + "/log", "Authorization", secret).body();
                assertEquals(1, log.split("started on", -1).length - 1, "each job runs once: " + log);
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("started on (\\S+)#").matcher(log);
                assertTrue(m.find(), log);
                servers.add(m.group(1));
            }
            assertEquals(2, servers.size(), "both servers' workers took jobs: " + servers);
        } finally {
            Cmd.runWithEnv(env, wharf, "down");
        }
    }
}
