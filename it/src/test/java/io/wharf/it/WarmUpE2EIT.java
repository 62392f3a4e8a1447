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
import jakarta.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A restarted server warms its hot paths before it reports ready: bin/wharf up returns with the warm-up done, the
 * warm-up really sent requests (for the newest tag, through the gateway), and it left nothing in the data: no pull
 * counted, no audit entry.
 */
class WarmUpE2EIT {
    private static final Pattern WARM_UP_LINE = Pattern.compile("warm-up: (\\d+) requests in");

    @Test
    void aRestartedServerIsWarmedUpBeforeReadyAndCountsNoPull(@TempDir Path dir) throws Exception {
        WharfApi api = new WharfApi(Stack.url(), Stack.adminPassword());
        String project = api.createProject(WharfApi.unique("warm"), false);
        Path image = Images.build(dir);
        String admin = "admin:" + Stack.adminPassword();
        Cmd.Result push = Images.copy("oci:" + image + ":v1", "docker://" + Stack.host() + "/" + project + "/app:v1", null, admin, null);
        assertTrue(push.ok(), push::toString);
        String repository = Stack.url() + "/api/v2.0/projects/" + project + "/repositories/app";
        assertEquals(0, Http.get(repository, "Authorization", api.adminAuth()).json().getInt("pull_count"));

        Cmd.Result down = Stack.wharf("down");
        assertTrue(down.ok(), down::toString);
        Cmd.Result up = Stack.wharf("up");
        assertTrue(up.ok(), up::toString);

        JsonObject warmUp = Http.get(Stack.url() + "/health/ready").json().getJsonArray("checks")
                .getValuesAs(JsonObject.class).stream().filter(c -> c.getString("name").equals("warm-up")).findFirst()
                .orElseThrow(() -> new AssertionError("no warm-up readiness check"));
        assertEquals("UP", warmUp.getString("status"), "bin/wharf up returns once the warm-up is done");
        // Liberty starts a new messages.log at each start: this one is the restarted server's.
        WarmUps after = warmUpLines();
        assertEquals(1, after.count, "one warm-up logged by the restarted server");
        assertTrue(after.lastRequests > 0, "the warm-up sent requests: " + after.lastRequests);
        if (runningAsRoot()) {
            // Raising a priority needs root (or CAP_SYS_NICE), which CI has: up then gives the JIT's compiler threads
            // priority over the request threads, and since they are made once, every compiler thread has it.
            java.util.Map<String, Integer> nice = compilerThreadNiceValues();
            assertFalse(nice.isEmpty(), "the server has JIT compiler threads");
            assertTrue(nice.values().stream().allMatch(n -> n == -15), "compiler threads at nice -15: " + nice);
        }

        JsonObject repo = Http.get(repository, "Authorization", api.adminAuth()).json();
        assertEquals(0, repo.getInt("pull_count"), "the warm-up's manifest HEADs of the newest tag count no pull");
        long pulls = Http.get(Stack.url() + "/api/v2.0/audit-logs?q=operation%3Dpull&page_size=100", "Authorization", api.adminAuth())
                .jsonArray().getValuesAs(JsonObject.class).stream()
                .filter(e -> e.getString("resource", "").startsWith(project + "/")).count();
        assertEquals(0, pulls, "no pull in the audit log for the warmed-up repository");
        // A real pull still counts (so the zero above is the warm-up's doing, not a counter that never moves).
        Cmd.Result inspect = Images.inspect("docker://" + Stack.host() + "/" + project + "/app:v1", admin);
        assertTrue(inspect.ok(), inspect::toString);
        Eventually.await("the pull counted", Duration.ofSeconds(60),
                () -> Http.get(repository, "Authorization", api.adminAuth()).json().getInt("pull_count"), n -> n == 1);
    }

    private record WarmUps(long count, long lastRequests) {}

    private static boolean runningAsRoot() throws java.io.IOException {
        return Files.readAllLines(Path.of("/proc/self/status")).stream()
                .anyMatch(l -> l.matches("Uid:\\s+0\\s.*"));
    }

    /** Thread id and name → nice value of the Liberty server's compiler threads (from /proc). */
    private static java.util.Map<String, Integer> compilerThreadNiceValues() throws java.io.IOException {
        String pid = Files.readString(Stack.home().resolve("liberty/output/.pid/wharf.pid")).trim();
        java.util.Map<String, Integer> out = new java.util.TreeMap<>();
        try (var tasks = Files.list(Path.of("/proc", pid, "task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                String stat;
                try {
                    stat = Files.readString(task.resolve("stat"));
                } catch (java.io.IOException gone) {
                    continue; // the thread ended meanwhile
                }
                String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                if (!name.contains("CompilerThre")) continue;
                // after the name: state is field 3; nice is field 19
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                out.put(task.getFileName() + " " + name, Integer.parseInt(fields[16]));
            }
        }
        return out;
    }

    private static WarmUps warmUpLines() throws java.io.IOException {
        Path log = Stack.home().resolve("liberty/output/wharf/logs/messages.log");
        if (!Files.exists(log)) return new WarmUps(0, 0);
        long count = 0;
        long last = 0;
        for (String line : Files.readAllLines(log)) {
            Matcher m = WARM_UP_LINE.matcher(line);
            if (m.find()) {
                count++;
                last = Long.parseLong(m.group(1));
            }
        }
        return new WarmUps(count, last);
    }
}
