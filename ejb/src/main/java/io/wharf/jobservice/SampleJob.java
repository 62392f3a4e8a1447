package io.wharf.jobservice;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * {@code SAMPLE}: sleeps {@code sleep_ms}, then fails if {@code fail} is true. Registered only when
 * {@code jobservice.sample_jobs} is true (JOBSERVICE_SAMPLE_JOBS=true), for tests and benchmarks.
 */
@ApplicationScoped
public class SampleJob implements JobType {
    static final long MAX_SLEEP_MS = 3_600_000;

    @Inject @ConfigProperty(name = "jobservice.sample_jobs", defaultValue = "false")
    boolean enabled;

    @Override public String name() { return "SAMPLE"; }
    @Override public int maxFails() { return 3; }
    @Override public boolean enabled() { return enabled; }

    @Override
    public void validate(JsonObject parameters) {
        JsonValue sleep = parameters.get("sleep_ms");
        if (sleep != null && (sleep.getValueType() != JsonValue.ValueType.NUMBER || !((JsonNumber) sleep).isIntegral()
                || ((JsonNumber) sleep).longValue() < 0 || ((JsonNumber) sleep).longValue() > MAX_SLEEP_MS)) {
            throw new IllegalArgumentException("sleep_ms must be a whole number of milliseconds from 0 to " + MAX_SLEEP_MS);
        }
        JsonValue fail = parameters.get("fail");
        if (fail != null && fail != JsonValue.TRUE && fail != JsonValue.FALSE) {
            throw new IllegalArgumentException("fail must be true or false");
        }
    }

    @Override
    public void run(JobContext context) throws Exception {
        long sleep = context.parameters().containsKey("sleep_ms") ? context.parameters().getJsonNumber("sleep_ms").longValue() : 0;
        context.log().info("sleeping " + sleep + " ms");
        long end = System.currentTimeMillis() + sleep;
        while (System.currentTimeMillis() < end) {
            if (context.stopRequested()) {
                context.log().info("stop requested");
                return;
            }
            Thread.sleep(Math.min(100, Math.max(1, end - System.currentTimeMillis())));
        }
        if (context.parameters().getBoolean("fail", false)) throw new IllegalStateException("asked to fail");
        context.log().info("done");
    }
}
