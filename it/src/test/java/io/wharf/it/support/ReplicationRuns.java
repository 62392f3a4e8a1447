package io.wharf.it.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.json.JsonObject;
import java.time.Duration;

/** Replication executions as the replication tests drive them through Harbor's API. */
public final class ReplicationRuns {
    private ReplicationRuns() {}

    /** Starts an execution of the policy on the API at {@code apiBase} and waits until it is no longer InProgress. */
    public static JsonObject run(String apiBase, String authorization, long policy, Duration limit) {
        Http.Response started = Http.postJson(apiBase + "/replication/executions", "{\"policy_id\":" + policy + "}", authorization);
        assertEquals(201, started.status(), started.toString());
        long id = started.createdId();
        return Eventually.await("execution " + id + " ended", limit,
                () -> Http.get(apiBase + "/replication/executions/" + id, "Authorization", authorization).json(),
                e -> !e.getString("status").equals("InProgress"));
    }
}
