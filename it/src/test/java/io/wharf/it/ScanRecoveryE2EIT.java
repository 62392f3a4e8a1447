package io.wharf.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wharf.it.support.Cmd;
import io.wharf.it.support.Eventually;
import io.wharf.it.support.Http;
import io.wharf.it.support.Stack;
import io.wharf.it.support.WharfApi;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A scan whose server is killed (kill -9) while it reads the layers: after the restart the job
 * service runs it again, and it ends with one report and a terminal status.
 */
class ScanRecoveryE2EIT {
    @Test
    void aScanKilledMidRunFinishesOnceAfterTheRestart(@TempDir Path dir) throws Exception {
        ScanE2EIT.importVulnerabilityData();
        WharfApi api = ScanE2EIT.api;
        String project = api.createProject(WharfApi.unique("crash"), false);
        // A layer large enough that the scan is still reading it when the server dies.
        Map<String, String> files = new HashMap<>(ScanE2EIT.ALPINE_AOM);
        ScanE2EIT.push(dir, project + "/big", files, ScanRecoveryE2EIT::addBigFile);

        Http.Response asked = Http.send("POST", ScanE2EIT.artifactUrl(project, "big", "v1") + "/scan", null, "Authorization", api.adminAuth());
        assertEquals(202, asked.status(), asked::toString);
        String scan = asked.header("X-Wharf-Scan-Id").orElseThrow();
        String logUrl = Stack.url() + "/api/jobs/scan/" + scan + "/log";
        String before = Eventually.await("the scan to read its layer", ScanE2EIT.LIMIT,
                () -> Http.get(logUrl, "Authorization", api.adminAuth()).body(), log -> log.contains("reading layer"));
        Stack.killLiberty();
        assertFalse(before.contains("report saved"), "the scan ended before the kill: " + before);
        Cmd.Result up = Stack.wharf("up");
        assertTrue(up.ok(), up::toString);

        JsonObject overview = ScanE2EIT.awaitScan(project, "big", "v1", "Success");
        assertEquals(scan, overview.getString("report_id"));
        // The report is saved before the job's last lines are written: read the log once it is complete.
        String log = Eventually.await("the scan's log to end", ScanE2EIT.LIMIT,
                () -> Http.get(logUrl, "Authorization", api.adminAuth()).body(), text -> text.contains("job ended: Success"));
        assertEquals(2, count(log, "batch job image-scan started"), "ran again after the restart: " + log);
        assertEquals(1, count(log, "report saved"), "finished once: " + log);
        ScanE2EIT.find(Http.get(ScanE2EIT.artifactUrl(project, "big", "v1") + "/additions/vulnerabilities", "Authorization", api.adminAuth())
                .json().getJsonObject(ScanE2EIT.MIME).getJsonArray("vulnerabilities"), "CVE-2021-30473");
    }

    @Test
    void scanAllSurvivesRedisRestartingAndFlushedMidRun(@TempDir Path dir) throws Exception {
        ScanE2EIT.importVulnerabilityData();
        WharfApi api = ScanE2EIT.api;
        String project = api.createProject(WharfApi.unique("redis"), false);
        List<String> names = List.of("a", "b", "c", "d");
        for (String name : names) ScanE2EIT.push(dir.resolve(name), project + "/" + name, ScanE2EIT.ALPINE_AOM);
        Eventually.await("no other scan all running", ScanE2EIT.LIMIT, ScanE2EIT::metrics, m -> !m.getBoolean("ongoing"));
        Http.Response started = Http.send("POST", Stack.url() + "/api/repositories/scanAll", null, "Authorization", api.adminAuth());
        assertEquals(202, started.status(), started::toString);
        Eventually.await("scan all under way", ScanE2EIT.LIMIT, ScanE2EIT::metrics,
                m -> m.getBoolean("ongoing") && m.getJsonNumber("completed").longValue() >= 1);

        redis("shutdown");
        Thread.sleep(1500);
        Cmd.Result restarted = Cmd.run("redis-server", Stack.home().resolve("run/redis.conf").toString());
        assertTrue(restarted.ok(), restarted::toString);
        Thread.sleep(1500);
        assertTrue(redis("flushall").ok(), "Redis loses its data, the database keeps every job");

        JsonObject done = Eventually.await("scan all to finish", Duration.ofSeconds(300), ScanE2EIT::metrics,
                m -> !m.getBoolean("ongoing") && m.getInt("total") > 0);
        assertEquals(done.getInt("total"), done.getJsonNumber("completed").intValue(), done::toString);
        long scans = done.getJsonObject("metrics").values().stream().mapToLong(v -> ((jakarta.json.JsonNumber) v).longValue()).sum();
        assertEquals(done.getInt("total"), scans, "one scan per artifact, none twice: " + done);
        for (String name : names) {
            JsonObject o = ScanE2EIT.overview(project, name, "v1");
            assertEquals("Success", o.getString("scan_status"), o::toString);
            assertTrue(o.getJsonObject("summary").getInt("total") > 0, o::toString);
        }
    }

    private static Cmd.Result redis(String command) { return Stack.redis(command); }

    private static void addBigFile(Path rootfs) {
        byte[] chunk = new byte[1 << 20];
        Random random = new Random(42);
        try (OutputStream out = Files.newOutputStream(rootfs.resolve("big.bin"))) {
            for (int i = 0; i < 256; i++) {
                random.nextBytes(chunk);
                out.write(chunk);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int count(String text, String what) {
        return text.split(java.util.regex.Pattern.quote(what), -1).length - 1;
    }
}
