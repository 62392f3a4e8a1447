package io.wharf.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wharf.it.support.Cmd;
import io.wharf.it.support.Eventually;
import io.wharf.it.support.HookReceiver;
import io.wharf.it.support.Http;
import io.wharf.it.support.Stack;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The job service through {@code /api/v1/jobs} on the running stack, with its real Redis: what is
 * refused, hooks in order, retries, stop, delays, cron, and Redis losing its data under the queue.
 */
class JobServiceE2EIT {
    private static final Duration LIMIT = Duration.ofSeconds(60);

    private static String secret() { return "Harbor-Secret " + Stack.internalSecret(); }

    private static Http.Response submit(String job) {
        return Http.postJson(Stack.url() + "/api/v1/jobs", "{\"job\":" + job + "}", secret());
    }

    private static String submitOk(String job) {
        Http.Response r = submit(job);
        assertEquals(202, r.status(), r.toString());
        JsonObject stats = r.json().getJsonObject("job");
        assertEquals("/api/v1/jobs/" + stats.getString("id"), stats.getString("ref_link"));
        return stats.getString("id");
    }

    private static JsonObject job(String id) {
        Http.Response r = Http.get(Stack.url() + "/api/v1/jobs/" + id, "Authorization", secret());
        assertEquals(200, r.status(), r.toString());
        return r.json().getJsonObject("job");
    }

    private static JsonObject awaitStatus(String id, String status) {
        return Eventually.await("job " + id + " to be " + status, LIMIT, () -> job(id), j -> j.getString("status").equals(status));
    }

    private static String sample(long sleepMs, boolean fail, String hook) {
        return "{\"name\":\"SAMPLE\",\"parameters\":{\"sleep_ms\":" + sleepMs + ",\"fail\":" + fail + "},"
                + (hook == null ? "" : "\"status_hook\":\"" + hook + "\",") + "\"metadata\":{\"kind\":\"Generic\"}}";
    }

    @Test
    void badSubmissionsAreRefusedAndLeaveNothing() {
        int before = Http.get(Stack.url() + "/api/v1/stats", "Authorization", secret()).json().toString().length();
        assertEquals(401, Http.postJson(Stack.url() + "/api/v1/jobs", "{\"job\":" + sample(0, false, null) + "}", null).status());
        assertEquals(401, Http.get(Stack.url() + "/api/v1/stats").status());
        for (String bad : List.of(
                "{\"name\":\"NO_SUCH_JOB\",\"metadata\":{\"kind\":\"Generic\"}}",
                "{\"name\":\"SAMPLE\",\"metadata\":{\"kind\":\"Sometimes\"}}",
                "{\"name\":\"SAMPLE\",\"parameters\":{\"sleep_ms\":\"soon\"},\"metadata\":{\"kind\":\"Generic\"}}",
                "{\"name\":\"SAMPLE\",\"parameters\":{\"fail\":\"yes\"},\"metadata\":{\"kind\":\"Generic\"}}",
                "{\"name\":\"SAMPLE\",\"metadata\":{\"kind\":\"Scheduled\"}}",
                "{\"name\":\"SAMPLE\",\"metadata\":{\"kind\":\"Periodic\",\"cron_spec\":\"every minute\"}}",
                "{\"name\":\"SAMPLE\",\"status_hook\":\"ftp://example/x\",\"metadata\":{\"kind\":\"Generic\"}}")) {
            Http.Response r = submit(bad);
            assertEquals(400, r.status(), bad + " -> " + r);
            assertEquals("BAD_REQUEST", r.errorCode());
        }
        assertEquals(400, Http.postJson(Stack.url() + "/api/v1/jobs", "{\"nojob\":1}", secret()).status());
        assertEquals(404, Http.get(Stack.url() + "/api/v1/jobs/does-not-exist", "Authorization", secret()).status());
        assertTrue(before > 0);
    }

    @Test
    void hooksArriveInOrderWithoutTheSecretAndTheLogIsReadable() throws Exception {
        try (HookReceiver hooks = new HookReceiver()) {
            String id = submitOk(sample(300, false, hooks.url()));
            JsonObject done = awaitStatus(id, "Success");
            assertEquals(0, done.getInt("fails"));
            Eventually.await("three hooks", LIMIT, () -> hooks.statuses(id), s -> s.size() >= 3);
            assertEquals(List.of("Pending", "Running", "Success"), hooks.statuses(id));
            // The internal secret goes only to Wharf's own hooks; a receiver elsewhere never learns it.
            assertTrue(hooks.authorizations().stream().allMatch(a -> a == null), hooks.authorizations().toString());
            String log = Http.get(Stack.url() + "/api/v1/jobs/" + id + "/log", "Authorization", secret()).body();
            assertTrue(log.contains("[INFO] sleeping 300 ms") && log.contains("job ended: Success"), log);
        }
    }

    @Test
    void aFailingJobIsRetriedUpToMaxFailsThenErrors() throws Exception {
        try (HookReceiver hooks = new HookReceiver()) {
            String id = submitOk(sample(0, true, hooks.url()));
            JsonObject failed = awaitStatus(id, "Error");
            assertEquals(3, failed.getInt("fails"));
            assertTrue(failed.getString("last_error").contains("asked to fail"));
            List<String> statuses = Eventually.await("all hooks", LIMIT, () -> hooks.statuses(id), s -> s.contains("Error"));
            assertEquals(List.of("Pending", "Running", "Scheduled", "Running", "Scheduled", "Running", "Error"), statuses);
            String log = Http.get(Stack.url() + "/api/v1/jobs/" + id + "/log", "Authorization", secret()).body();
            assertEquals(3, log.split("attempt failed", -1).length - 1, log);

            Http.Response retry = Http.postJson(Stack.url() + "/api/v1/jobs/" + id, "{\"action\":\"retry\"}", secret());
            assertEquals(200, retry.status(), retry.toString());
            awaitStatus(id, "Error");
            Http.Response noRetry = Http.postJson(Stack.url() + "/api/v1/jobs/" + submitOk(sample(0, false, null)), "{\"action\":\"jump\"}", secret());
            assertEquals(400, noRetry.status());
        }
    }

    @Test
    void stopEndsARunningJobAndAWaitingOne() {
        String running = submitOk(sample(30_000, false, null));
        awaitStatus(running, "Running");
        Http.Response stop = Http.postJson(Stack.url() + "/api/v1/jobs/" + running, "{\"action\":\"stop\"}", secret());
        assertEquals(200, stop.status(), stop.toString());
        awaitStatus(running, "Stopped");

        String waiting = submitOk("{\"name\":\"SAMPLE\",\"metadata\":{\"kind\":\"Scheduled\",\"schedule_delay\":600}}");
        assertEquals("Scheduled", job(waiting).getString("status"));
        Http.Response stopWaiting = Http.postJson(Stack.url() + "/api/v1/jobs/" + waiting, "{\"action\":\"stop\"}", secret());
        assertEquals("Stopped", stopWaiting.json().getJsonObject("job").getString("status"));
    }

    @Test
    void uniqueJobsAreNotQueuedTwice() {
        String job = "{\"name\":\"SAMPLE\",\"parameters\":{\"sleep_ms\":3000,\"marker\":\"" + System.nanoTime()
                + "\"},\"metadata\":{\"kind\":\"Generic\",\"unique\":true}}";
        String first = submitOk(job);
        Http.Response second = submit(job);
        assertEquals(409, second.status(), second.toString());
        assertTrue(second.body().contains(first));
        awaitStatus(first, "Success");
        submitOk(job);
    }

    @Test
    void scheduledJobsWaitTheirDelay() {
        long start = System.currentTimeMillis();
        String id = submitOk("{\"name\":\"SAMPLE\",\"metadata\":{\"kind\":\"Scheduled\",\"schedule_delay\":2}}");
        assertEquals("Scheduled", job(id).getString("status"));
        awaitStatus(id, "Success");
        assertTrue(System.currentTimeMillis() - start >= 2000);
    }

    @Test
    void periodicJobsRunOncePerTickUntilStopped() throws Exception {
        String id = submitOk("{\"name\":\"SAMPLE\",\"metadata\":{\"kind\":\"Periodic\",\"cron_spec\":\"*/2 * * * * *\"}}");
        List<JsonObject> executions = Eventually.await("three executions", LIMIT, () -> executions(id), e -> e.size() >= 3);
        List<Long> ticks = new ArrayList<>();
        for (JsonObject e : executions) ticks.add(e.getJsonNumber("tick").longValue());
        assertEquals(ticks.size(), ticks.stream().distinct().count(), "one execution per tick: " + ticks);
        assertEquals(200, Http.postJson(Stack.url() + "/api/v1/jobs/" + id, "{\"action\":\"stop\"}", secret()).status());
        Thread.sleep(1500);
        int afterStop = executions(id).size();
        Thread.sleep(4500);
        assertEquals(afterStop, executions(id).size(), "no executions after the stop");
        Eventually.await("executions to finish", LIMIT, () -> executions(id),
                e -> e.stream().allMatch(x -> x.getString("status").equals("Success")));
    }

    @Test
    void nothingIsLostWhenRedisIsFlushedOrRestartedUnderTheQueue() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 12; i++) ids.add(submitOk(sample(700, false, null)));
        String delayed = submitOk("{\"name\":\"SAMPLE\",\"metadata\":{\"kind\":\"Scheduled\",\"schedule_delay\":3}}");
        Cmd.Result flush = redis("flushall");
        assertTrue(flush.ok() && flush.output().contains("OK"), flush::toString);
        for (String id : ids) awaitStatus(id, "Success");
        awaitStatus(delayed, "Success");

        List<String> more = new ArrayList<>();
        for (int i = 0; i < 8; i++) more.add(submitOk(sample(500, false, null)));
        // Redis goes down (its append-only file keeps the queue) and comes back.
        redis("shutdown");
        Http.Response whileDown = submit(sample(0, false, null));
        assertEquals(202, whileDown.status(), "the database takes the job while Redis is away: " + whileDown);
        more.add(whileDown.json().getJsonObject("job").getString("id"));
        Cmd.Result restarted = Cmd.run("redis-server", Stack.home().resolve("run/redis.conf").toString());
        assertTrue(restarted.ok(), restarted::toString);
        for (String id : more) awaitStatus(id, "Success");
        for (String id : ids) assertEquals(0, job(id).getInt("fails"));
    }

    @Test
    void aJobWhoseServerIsKilledRunsAgainAndFinishesOnce() throws Exception {
        try (HookReceiver hooks = new HookReceiver()) {
            String id = submitOk(sample(6000, false, hooks.url()));
            awaitStatus(id, "Running");
            // Killed once the job is under way (its log says so), not between its claim and its first line.
            Eventually.await("the job to be sleeping", LIMIT,
                    () -> Http.get(Stack.url() + "/api/v1/jobs/" + id + "/log", "Authorization", secret()).body(),
                    log -> log.contains("sleeping 6000 ms"));
            Stack.killLiberty();
            Cmd.Result up = Stack.wharf("up");
            assertTrue(up.ok(), up::toString);
            JsonObject done = awaitStatus(id, "Success");
            assertEquals(0, done.getInt("fails"), "a lost worker is not a failure of the job");
            String log = Http.get(Stack.url() + "/api/v1/jobs/" + id + "/log", "Authorization", secret()).body();
            assertEquals(2, log.split("started on", -1).length - 1, "started twice: " + log);
            assertEquals(1, log.split("job ended: Success", -1).length - 1, "finished once: " + log);
            assertEquals(1, hooks.statuses(id).stream().filter("Success"::equals).count());
        }
    }

    private static Cmd.Result redis(String command) { return Stack.redis(command); }

    private static List<JsonObject> executions(String id) {
        Http.Response r = Http.get(Stack.url() + "/api/v1/jobs/" + id + "/executions?page_size=100", "Authorization", secret());
        assertEquals(200, r.status(), r.toString());
        return r.jsonArray().getValuesAs(JsonObject.class);
    }
}
